/** A person as the bot knows them: the Microsoft Entra (AAD) object id and a display name. */
export interface Person {
  id: string;
  name: string;
}

export type Role = 'staff' | 'slt' | 'dsl' | 'headteacher' | 'admin';

/** Someone acting in the bot, with the roles resolved from config or the SLT roster. */
export interface Actor extends Person {
  roles: ReadonlySet<Role>;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.has(r));
}

/** SLT includes the DSL and the headteacher. */
export function isSlt(actor: Actor): boolean {
  return hasRole(actor, 'slt', 'dsl', 'headteacher');
}
