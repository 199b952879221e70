import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Only the Teams layer speaks Bot Framework.
    files: ['src/**/*.ts'],
    ignores: ['src/teams/**', 'src/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['botbuilder*', 'botframework-*', '@microsoft/teams-ai'], message: 'Keep Bot Framework code inside src/teams.' }] },
      ],
    },
  },
  {
    // The domain core knows nothing about Teams, HTTP or databases.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['botbuilder*', 'botframework-*', '@microsoft/teams-ai', 'restify', 'adaptivecards*'], message: 'The domain core must not depend on the Teams SDK or the server.' },
            { group: ['better-sqlite3', 'pg'], message: 'The domain core talks to storage through its ports.' },
            { group: ['**/teams/**', '**/infra/**'], message: 'The domain core must not import outer layers.' },
          ],
        },
      ],
    },
  },
  {
    // Tests poke at loosely typed activities and card JSON.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
