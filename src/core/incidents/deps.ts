import type { Store } from '../store';

/** Structured log, a subset of pino: ids and codes only, never names or report text. */
export interface IncidentLog {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** What the incident use cases need, wired once in the composition root. */
export interface IncidentDeps {
  store: Store;
  log?: IncidentLog;
  /**
   * Whether a person may be assigned a report (an SLT member). Optional: when absent the domain
   * trusts the list the card offered, since the assigner is already checked to be SLT.
   */
  isSltMember?: (personId: string) => boolean | Promise<boolean>;
}

export const silentIncidentLog: IncidentLog = { info: () => {}, warn: () => {} };
