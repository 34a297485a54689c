import { BATCH_CSV_COLUMNS } from '../../src-shared/shipping/api';
import { addDays, localToday } from '../../src-shared/shipping/ship-date';

const SERVICES = ['Priority Mail', 'USPS Ground Advantage', 'Priority Mail Express'];
const CITIES: Array<[string, string, string]> = [
  ['Austin', 'TX', '78701'],
  ['Denver', 'CO', '80202'],
  ['Miami', 'FL', '33101'],
  ['Seattle', 'WA', '98101'],
  ['Boston', 'MA', '02108'],
];

/** The reasons the five planted bad rows must be reported with (row number -> text it contains). */
export const PLANTED_PROBLEMS: Record<number, string> = {
  12: 'weight_lb: Weight must be more than 0 lb',
  31: 'weight_lb: Weight can be at most 70 lb',
  47: 'ship_date: Ship date cannot be in the past',
  64: 'service: unknown service "Pony Express"',
  88: 'to_zip: ZIP Code must be 5 digits or ZIP+4',
};

/**
 * A batch file of `count` rows in the documented header; with `withBadRows`,
 * five rows (file lines 12, 31, 47, 64 and 88) carry one mistake each.
 */
export function batchCsv(count = 100, withBadRows = true): string {
  const lines: string[] = [BATCH_CSV_COLUMNS.join(',')];
  for (let i = 0; i < count; i += 1) {
    const line = i + 2;
    const [city, state, zip] = CITIES[i % CITIES.length] ?? CITIES[0]!;
    const row: Record<string, string> = {
      reference: `ORDER-${1000 + i}`,
      to_name: `Customer ${i + 1}`,
      to_company: i % 7 === 0 ? '"Acme, Inc."' : '',
      to_street1: `${100 + i} Main Street`,
      to_street2: '',
      to_city: city,
      to_state: state,
      to_zip: zip,
      weight_lb: String(1 + (i % 20) / 4),
      length_in: '10',
      width_in: '8',
      height_in: '4',
      service: SERVICES[i % SERVICES.length] ?? 'Priority Mail',
      package_type: '',
      ship_date: addDays(localToday(), i % 3),
      signature: i % 10 === 0 ? 'yes' : 'no',
      insured_value: i % 25 === 0 ? '150.00' : '',
    };
    if (withBadRows) {
      if (line === 12) row.weight_lb = '0';
      if (line === 31) row.weight_lb = '71';
      if (line === 47) row.ship_date = addDays(localToday(), -3);
      if (line === 64) row.service = 'Pony Express';
      if (line === 88) row.to_zip = '123';
    }
    lines.push(BATCH_CSV_COLUMNS.map((c) => row[c] ?? '').join(','));
  }
  return `${lines.join('\n')}\n`;
}
