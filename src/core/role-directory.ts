import type { Actor, Person, Role } from './people';

export interface RoleSettings {
  adminIds: readonly string[];
  sltIds: readonly string[];
  dslId?: string;
  headteacherId?: string;
}

/**
 * Resolves a person's roles. Configured ids always count; when no SLT ids are configured, the SLT team
 * roster (looked up by the Teams layer and cached) decides SLT membership.
 */
export class RoleDirectory {
  private rosterIds: ReadonlySet<string> = new Set();

  constructor(private readonly settings: RoleSettings) {}

  /** Replaces the roster-derived SLT membership (from the SLT team's member list). */
  setRoster(ids: Iterable<string>): void {
    this.rosterIds = new Set(ids);
  }

  get usesRoster(): boolean {
    return this.settings.sltIds.length === 0;
  }

  rolesOf(personId: string): Set<Role> {
    const roles = new Set<Role>(['staff']);
    const s = this.settings;
    if (s.adminIds.includes(personId)) roles.add('admin');
    if (s.sltIds.includes(personId) || (this.usesRoster && this.rosterIds.has(personId)))
      roles.add('slt');
    if (s.dslId === personId) roles.add('dsl');
    if (s.headteacherId === personId) roles.add('headteacher');
    return roles;
  }

  actor(person: Person): Actor {
    return { ...person, roles: this.rolesOf(person.id) };
  }
}
