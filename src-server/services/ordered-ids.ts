import { randomUUID } from 'node:crypto';
import { randomToken } from './secrets';

/**
 * Row keys that start with the time they were made, so the rows a sign-in
 * inserts (a flow, its passcode, a session) land at the end of their
 * B-tree indexes, on the few pages the last commits already dirtied, instead
 * of on a random page each: with random keys every insert rewrote a page of
 * its own in every index it has (bench/RESULTS.md round 17). The random part
 * is unchanged in size, so nothing becomes guessable; what the prefix gives
 * away is when the row was made, which its holder knows anyway. Callers pass
 * their clock's time, so tests with a fixed clock get keys of that time.
 */

/** 48 bits of milliseconds since 1970 as 12 lowercase hex digits: sorts as the time does until the year 10889. */
function millisecondsHex(now: number): string {
  return Math.floor(now).toString(16).padStart(12, '0');
}

/**
 * A UUID version 7 (RFC 9562): the 48-bit millisecond time, then 74 random
 * bits from Node's pooled randomUUID (version 4, so its variant bits are
 * already those of v7 and only the version digit changes).
 */
export function timeOrderedUuid(now: number): string {
  const random = randomUUID();
  const time = millisecondsHex(now);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}

/** An opaque token that still carries its full 256 random bits, behind 12 hex digits of time. */
export function timeOrderedToken(now: number): string {
  return `${millisecondsHex(now)}${randomToken()}`;
}
