/**
 * Ship dates: not in the past and at most 7 days ahead (USPS accepts labels
 * for mailing within that window). The app and server may sit in different US
 * time zones, so "today" spans the dates between Hawaii (UTC-10) and the
 * Atlantic zone (UTC-4).
 */
export const MAX_DAYS_AHEAD = 7;

const DAY_MS = 86_400_000;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return isoDate(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
}

/** The earliest and latest ship dates accepted at this moment. */
export function shipDateWindow(nowMs: number): { earliest: string; latest: string } {
  return {
    earliest: isoDate(nowMs - 10 * 3_600_000),
    latest: addDays(isoDate(nowMs - 4 * 3_600_000), MAX_DAYS_AHEAD),
  };
}

/** What is wrong with a ship date, or undefined when it is acceptable. */
export function shipDateProblem(date: string, nowMs: number): string | undefined {
  const parsed = Date.parse(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(parsed) || isoDate(parsed) !== date) {
    return 'Ship date must be a date such as 2026-03-14';
  }
  const { earliest, latest } = shipDateWindow(nowMs);
  if (date < earliest) return 'Ship date cannot be in the past';
  if (date > latest) return `Ship date can be at most ${MAX_DAYS_AHEAD} days ahead (${latest})`;
  return undefined;
}

/** Today's date in the shipper's own time zone (the client's default ship date). */
export function localToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
