import type { PolicyLibrary } from '../core/policy';
import {
  PolicyWatcher,
  type PolicyFileWarning,
  type PolicyWatcherOptions,
} from '../infra/policy-files';

/** What one (re)index produced: counts for the admin, and the files that could not be read. */
export interface PolicyReloadResult {
  documents: number;
  passages: number;
  /** Staff phrases read from school-words.txt. */
  schoolWords: number;
  failed: PolicyFileWarning[];
}

/**
 * The bot's view of the policy knowledge base: the library serving now, and a way to re-index it
 * without a restart (the admin `reload` command).
 */
export interface PolicySource {
  current(): PolicyLibrary;
  reload(): Promise<PolicyReloadResult>;
  /** Files skipped by the last build (start-up, watcher or reload). */
  lastFailures(): PolicyFileWarning[];
}

export interface WatchedPolicySource extends PolicySource {
  /** Stops watching the folder (call when the app stops). */
  close(): void;
}

/**
 * Loads the policy folder and watches it (PolicyWatcher), remembering which files each build skipped
 * so `reload` can tell the admin. The previous library keeps serving while a rebuild runs.
 */
export async function startPolicySource(
  dir: string,
  options: Omit<PolicyWatcherOptions, 'warn'> & {
    watch?: boolean;
    warn?: (warning: PolicyFileWarning) => void;
  } = {},
): Promise<WatchedPolicySource> {
  let pending: PolicyFileWarning[] = [];
  let failures: PolicyFileWarning[] = [];
  const watcher = await PolicyWatcher.start(dir, {
    ...options,
    warn: (w) => {
      pending.push(w);
      options.warn?.(w);
    },
    onReload: (info) => {
      failures = pending;
      pending = [];
      options.onReload?.(info);
    },
  });
  failures = pending;
  pending = [];
  return {
    current: () => watcher.library,
    lastFailures: () => [...failures],
    reload: async () => {
      const library = await watcher.reload();
      return {
        documents: library.documents.length,
        passages: library.passageCount,
        schoolWords: library.schoolWordCount,
        failed: [...failures],
      };
    },
    close: () => watcher.close(),
  };
}

/** A fixed library (tests, one-off tools): `reload` rebuilds through the given function. */
export function staticPolicySource(
  library: PolicyLibrary,
  rebuild?: () => Promise<{ library: PolicyLibrary; failed?: PolicyFileWarning[] }>,
): PolicySource {
  let current = library;
  let failures: PolicyFileWarning[] = [];
  return {
    current: () => current,
    lastFailures: () => [...failures],
    reload: async () => {
      if (rebuild) {
        const next = await rebuild();
        current = next.library;
        failures = next.failed ?? [];
      }
      return {
        documents: current.documents.length,
        passages: current.passageCount,
        schoolWords: current.schoolWordCount,
        failed: [...failures],
      };
    },
  };
}
