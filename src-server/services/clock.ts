/**
 * Time as a dependency: every expiry, cooldown and lockout reads the clock it
 * is given, so tests move time instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests can move forward by hand. */
export class ManualClock implements Clock {
  constructor(private current = Date.parse('2026-01-15T12:00:00Z')) {}
  now(): number {
    return this.current;
  }
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }
}
