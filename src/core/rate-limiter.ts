import type { Clock } from './clock';

/**
 * Per-key sliding one-minute window. Keeps memory bounded: idle keys are dropped as they age out and
 * the map never holds more than `maxKeys` entries (oldest evicted first).
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
    private readonly maxKeys = 50_000,
  ) {}

  /** Records a hit; returns 'ok', 'limited' (first refusal in this window: tell the user) or 'silent'. */
  hit(key: string): 'ok' | 'limited' | 'silent' {
    const now = this.clock.now().getTime();
    const windowStart = now - 60_000;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > windowStart);
    recent.push(now);
    this.hits.delete(key);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) {
      const oldest = this.hits.keys().next().value;
      if (oldest !== undefined) this.hits.delete(oldest);
    }
    if (recent.length <= this.perMinute) return 'ok';
    return recent.length === this.perMinute + 1 ? 'limited' : 'silent';
  }
}
