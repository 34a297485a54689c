/**
 * Money is always integer cents: floating-point dollars drift (0.1 + 0.2), and
 * a postage account must balance to the cent.
 */
export type Cents = number;

/** Shows cents as US dollars with two decimals, e.g. 1234 -> "$12.34", -5 -> "-$0.05". */
export function formatCents(cents: Cents): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError('Money must be a whole number of cents');
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Reads what a person typed as dollars ("12", "12.3", "$1,234.50") into cents
 * without floating point; undefined when it is not an amount.
 */
export function parseDollars(text: string): Cents | undefined {
  const match = /^\s*\$?\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return undefined;
  const whole = Number((match[1] ?? '0').replaceAll(',', ''));
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  const cents = whole * 100 + fraction;
  return Number.isSafeInteger(cents) ? cents : undefined;
}

/** Adds amounts of cents, refusing anything that is not a whole number. */
export function sumCents(amounts: readonly Cents[]): Cents {
  return amounts.reduce((total, amount) => {
    if (!Number.isSafeInteger(amount)) throw new RangeError('Money must be a whole number of cents');
    return total + amount;
  }, 0);
}
