import type { Actor, Person, Role } from '../../src/core/people';

/** Named actors for role tests: one per role, plus a second staff member and a second leader. */
function actor(id: string, name: string, ...roles: Role[]): Actor {
  return { id, name, roles: new Set(roles) };
}

export const staff = actor('aad-staff-a', 'Sam Teacher', 'staff');
export const otherStaff = actor('aad-staff-b', 'Olu Assistant', 'staff');
export const slt = actor('aad-slt-a', 'Ms Xu', 'staff', 'slt');
export const otherSlt = actor('aad-slt-b', 'Mr Young', 'staff', 'slt');
export const dslActor = actor('aad-dsl-a', 'Dana Lead', 'staff', 'dsl');
export const headteacher = actor('aad-head-a', 'Hana Head', 'staff', 'slt', 'headteacher');
export const admin = actor('aad-admin-a', 'Ada Admin', 'staff', 'admin');

/** Every actor kind a permission table should cover, by a readable label. */
export const ACTORS = {
  staff,
  otherStaff,
  slt,
  dsl: dslActor,
  headteacher,
  admin,
} as const satisfies Record<string, Actor>;

export type ActorName = keyof typeof ACTORS;

export function asPerson(a: Actor): Person {
  return { id: a.id, name: a.name };
}
