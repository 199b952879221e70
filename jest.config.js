/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 30000,
  maxWorkers: 2,
  // A leaked handle must never hang CI; leaks are still reported by --detectOpenHandles runs.
  forceExit: true,
};
