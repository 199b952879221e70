import { fixedClock } from '../../src/core/clock';
import { RateLimiter } from '../../src/core/rate-limiter';

describe('RateLimiter', () => {
  it('allows up to the limit per minute, tells once, then stays quiet', () => {
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const limiter = new RateLimiter(3, clock);
    expect(['a', 'a', 'a'].map((k) => limiter.hit(k))).toEqual(['ok', 'ok', 'ok']);
    expect(limiter.hit('a')).toBe('limited');
    expect(limiter.hit('a')).toBe('silent');
    expect(limiter.hit('b')).toBe('ok');
  });

  it('lets the user back in once the minute has passed', () => {
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const limiter = new RateLimiter(1, clock);
    limiter.hit('a');
    expect(limiter.hit('a')).toBe('limited');
    clock.advance(61_000);
    expect(limiter.hit('a')).toBe('ok');
  });

  it('keeps memory bounded when many users appear', () => {
    const limiter = new RateLimiter(1, fixedClock('2026-11-20T10:00:00Z'), 100);
    for (let i = 0; i < 1000; i++) limiter.hit(`user-${i}`);
    expect((limiter as unknown as { hits: Map<string, number[]> }).hits.size).toBeLessThanOrEqual(
      100,
    );
  });
});
