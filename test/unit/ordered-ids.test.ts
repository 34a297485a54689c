import { describe, expect, it } from 'vitest';
import { flowIdSchema } from '../../src-shared/validation';
import { timeOrderedToken, timeOrderedUuid } from '../../src-server/services/ordered-ids';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const T1 = Date.UTC(2026, 11, 8, 3, 0, 0, 1);

describe('time-ordered row keys', () => {
  it('makes RFC 9562 version-7 UUIDs whose first 48 bits are the milliseconds', () => {
    const id = timeOrderedUuid(T1);
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(T1);
  });

  it('sorts as text in the order the keys were made, whatever their random parts', () => {
    const times = [T1 + 5, T1, T1 + 1000, T1 + 1, 0, T1 + 86_400_000];
    for (const make of [timeOrderedUuid, timeOrderedToken]) {
      const made = times.map((t) => ({ t, id: make(t) }));
      const byText = [...made].sort((a, b) => (a.id < b.id ? -1 : 1)).map((m) => m.t);
      expect(byText).toEqual([...times].sort((a, b) => a - b));
    }
  });

  it('keeps the random part whole: no two keys of the same millisecond meet', () => {
    const uuids = new Set(Array.from({ length: 5000 }, () => timeOrderedUuid(T1)));
    const tokens = new Set(Array.from({ length: 5000 }, () => timeOrderedToken(T1)));
    expect(uuids.size).toBe(5000);
    expect(tokens.size).toBe(5000);
  });

  it('makes flow tokens with 256 random bits behind the time, which the API accepts as flow ids', () => {
    const token = timeOrderedToken(T1);
    expect(token.slice(0, 12)).toBe(T1.toString(16).padStart(12, '0'));
    // 32 random bytes in base64url are 43 characters.
    expect(token.slice(12)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(flowIdSchema.safeParse(token).success).toBe(true);
  });
});
