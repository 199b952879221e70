/**
 * A numbered schema change. Migrations are TypeScript modules (not .sql files) so `tsc` ships
 * them in dist/ with the code that needs them. Never edit a released migration: add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Checks a dialect's list is numbered 1..n without gaps, so a mistake fails at start-up in tests. */
export function checkedMigrations(list: Migration[]): Migration[] {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} should be version ${i + 1}`);
  });
  return list;
}
