/**
 * Time left on a step's deadlines (passcode expiry, resend cooldown), as the
 * screens show it. Pure, so it is unit-tested apart from React.
 */

/** Whole seconds from `now` until the ISO time `until` (never negative). */
export function secondsUntil(until: string | undefined, now: number): number {
  if (!until) return 0;
  return Math.max(0, Math.ceil((Date.parse(until) - now) / 1000));
}

/** `272` → `4:32`: how a countdown reads on screen. */
export function formatCountdown(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}
