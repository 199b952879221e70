import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const CHILD = join(__dirname, 'fixtures', 'submit-child.ts');

export interface Child {
  proc: ChildProcess;
  acks: string[];
  /** Resolves when the child has printed READY. */
  ready: Promise<void>;
  /** Resolves when the child has printed `n` ACK lines. */
  waitForAcks(n: number): Promise<void>;
  exited: Promise<number | null>;
  /** What the child wrote to stderr so far (for failure messages). */
  stderr(): string;
}

/** Starts the submit child under tsx with the given environment. */
export function startChild(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const acks: string[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let buffer = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let stderr = '';
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.startsWith('ACK ')) acks.push(line.slice(4));
      if (line === 'READY') markReady();
    }
    for (const w of waiters.filter((w) => acks.length >= w.n)) w.resolve();
  });
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    proc,
    acks,
    exited,
    ready,
    stderr: () => stderr,
    waitForAcks: (n) =>
      new Promise<void>((resolve, reject) => {
        if (acks.length >= n) return resolve();
        waiters.push({ n, resolve });
        void exited.then((code) => {
          if (acks.length < n)
            reject(new Error(`child exited (${code}) after ${acks.length} ACKs: ${stderr}`));
        });
      }),
  };
}
