import { readFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { DEMO_PASSWORD } from '../../src-server/seed';
import { formatCents, parseDollars } from '../../src-shared/shipping/money';
import { batchCsv } from '../helpers/shipping-batch-file';
import { expect, test, type AppHarness } from './fixtures';
import { acceptTerms, enterEmailedPasscode, expectSignedIn, logIn, skipModify } from './journeys';

/** Signs in as demo through the shared sign-in steps (passcode, modify offer, terms). */
async function signInAsDemo(app: AppHarness): Promise<void> {
  await logIn(app, 'demo', DEMO_PASSWORD);
  await enterEmailedPasscode(app, 'demo@example.com');
  await skipModify(app);
  await acceptTerms(app);
  await expectSignedIn(app, 'demo');
}

function cents(text: string | null): number {
  const value = parseDollars((text ?? '').replace(/^-/, ''));
  if (value === undefined) throw new Error(`not an amount: ${text ?? ''}`);
  return value;
}

async function addSampleFunds(app: AppHarness, dollars: string): Promise<void> {
  const { page } = app;
  await page.getByRole('navigation', { name: 'Shipping' }).getByRole('button', { name: 'Postage account' }).click();
  await page.getByLabel('Amount to add ($)').fill(dollars);
  await page.getByRole('button', { name: 'Add sample funds' }).click();
  const added = formatCents(parseDollars(dollars) ?? 0);
  await expect(page.getByRole('region', { name: 'Postage account' }).getByRole('status')).toHaveText(
    `Added ${added} of sample postage.`,
  );
}

async function addReturnAddress(app: AppHarness): Promise<void> {
  const { page } = app;
  await page.getByRole('navigation', { name: 'Shipping' }).getByRole('button', { name: 'Address book' }).click();
  await page.getByRole('button', { name: 'Add address' }).click();
  await page.getByLabel('Full name').fill('Click Shop');
  await page.getByLabel('Street address').fill('100 Market Street');
  await page.getByLabel('City').fill('Albany');
  await page.getByLabel('State').selectOption('NY');
  await page.getByLabel('ZIP Code™').fill('12207');
  await page.getByLabel('Default return address').check();
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page.getByRole('region', { name: 'Address book' }).getByRole('status')).toHaveText('Saved Click Shop.');
  await expect(page.getByText('Default return address', { exact: true })).toBeVisible();
  await app.screenshot('shipping-address-book');
}

test('creates a label, pays exactly its price, reprints it from History and gets a refund', async ({ app }) => {
  const { page } = app;
  await signInAsDemo(app);
  await expect(page.getByRole('heading', { name: 'Ship a package' })).toBeVisible();
  await expect(page.getByRole('note')).toContainText('SAMPLE – NOT VALID FOR POSTAGE');
  await expect(page.getByTestId('balance')).toHaveText('$0.00');

  await addSampleFunds(app, '50.00');
  await expect(page.getByTestId('balance')).toHaveText('$50.00');
  await app.screenshot('shipping-postage-account');
  await addReturnAddress(app);

  // Create a label: the default return address is filled in already.
  await page.getByRole('navigation', { name: 'Shipping' }).getByRole('button', { name: 'Create a label' }).click();
  const from = page.getByRole('group', { name: 'From' });
  await expect(from.getByLabel('Full name')).toHaveValue('Click Shop');
  const to = page.getByRole('group', { name: 'To' });
  await to.getByLabel('Full name').fill('Rita Moreno');
  await to.getByLabel('Street address').fill('2200 Ocean Avenue');
  await to.getByLabel('Apt/Suite/Other (optional)').fill('Apartment 4');
  await to.getByLabel('City').fill('San Francisco');
  await to.getByLabel('State').selectOption('CA');
  await to.getByLabel('ZIP Code™').fill('9411');
  await page.getByLabel('Weight (lb)').fill('0');
  await page.getByRole('button', { name: 'Get prices' }).click();
  await expect(page.getByRole('region', { name: 'Create a label' }).getByRole('alert')).toHaveText(
    'Please correct the fields marked below.',
  );
  await expect(page.getByText('ZIP Code must be 5 digits or ZIP+4 (12345 or 12345-6789)')).toBeVisible();
  await expect(page.getByText('Weight must be more than 0 lb')).toBeVisible();
  await expect(to.getByLabel('ZIP Code™')).toHaveAttribute('aria-invalid', 'true');

  await to.getByLabel('ZIP Code™').fill('94112');
  await page.getByRole('button', { name: 'Check address' }).click();
  await expect(page.getByText('Suggested address (sample check):')).toBeVisible();
  await expect(page.getByText('2200 OCEAN AVE')).toBeVisible();
  await page.getByRole('button', { name: 'Use suggested address' }).click();
  await expect(to.getByLabel('Street address')).toHaveValue('2200 OCEAN AVE');
  await expect(to.getByLabel('Apt/Suite/Other (optional)')).toHaveValue('APT 4');

  await page.getByLabel('Weight (lb)').fill('2.5');
  await page.getByLabel('Save this package as').fill('Shoe box');
  await page.getByRole('button', { name: 'Save preset' }).click();
  await expect(page.getByRole('region', { name: 'Create a label' }).getByRole('status')).toHaveText(
    'Saved the package preset "Shoe box".',
  );
  await expect(page.getByLabel('Package preset').getByRole('option', { name: 'Shoe box' })).toBeAttached();
  await page.getByLabel('Signature Confirmation™').check();
  await page.getByRole('button', { name: 'Get prices' }).click();
  await expect(page.getByText('SAMPLE PRICES')).toBeVisible();
  await page.getByRole('radio', { name: /^Priority Mail \$/ }).check();
  const total = cents(await page.getByTestId('label-total').textContent());
  expect(total).toBeGreaterThan(0);
  await app.screenshot('shipping-review');
  await page.getByRole('button', { name: 'Pay and print' }).click();

  // Label ready: the balance went down by exactly the total; the label went to the printer.
  await expect(page.getByRole('heading', { name: 'Your label is ready' })).toBeVisible();
  const tracking = (await page.getByTestId('tracking-number').textContent()) ?? '';
  expect(tracking).toMatch(/^9405 5\d{3}( \d{4}){3} \d{2}$/);
  expect(cents(await page.getByTestId('label-paid').textContent())).toBe(total);
  await expect(page.getByTestId('balance')).toHaveText(formatCents(5000 - total));
  await expect(page.getByRole('region', { name: 'Your label is ready' }).getByRole('status')).toHaveText(
    'The label was sent to the printer.',
  );
  expect(app.labelOutput.printed).toHaveLength(1);
  const printed = await PDFDocument.load(readFileSync(app.labelOutput.printed[0] ?? ''));
  expect(printed.getPageCount()).toBe(1);
  await page.getByRole('button', { name: 'Save PDF' }).click();
  await expect(page.getByRole('region', { name: 'Your label is ready' }).getByRole('status')).toContainText(
    `label-${tracking.replaceAll(' ', '')}.pdf`,
  );
  await app.screenshot('shipping-label-ready');

  // History: find it by tracking number, reprint (free), then ask for a refund.
  await page.getByRole('navigation', { name: 'Shipping' }).getByRole('button', { name: 'History' }).click();
  await page.getByLabel('Recipient or tracking number').fill(tracking.slice(-7));
  await page.getByRole('button', { name: 'Search' }).click();
  const row = page.getByRole('row', { name: /Rita Moreno/i });
  await expect(row).toContainText(tracking);
  await expect(row).toContainText('Purchased');
  await row.getByRole('button', { name: /^Reprint label for Rita Moreno$/i }).click();
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByRole('status')).toContainText('sent to the printer again (no charge)');
  await expect.poll(() => app.labelOutput.printed.length).toBe(2);
  expect(readFileSync(app.labelOutput.printed[1] ?? '').length).toBeGreaterThan(1000);
  await expect(page.getByTestId('balance')).toHaveText(formatCents(5000 - total));
  await app.screenshot('shipping-history');

  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: /^Request refund for Rita Moreno$/i }).click();
  await expect(history.getByRole('status')).toHaveText('Refund credited to your postage balance.');
  await expect(page.getByRole('row', { name: /Rita Moreno/i })).toContainText('Refunded');
  await expect(page.getByTestId('balance')).toHaveText('$50.00');
});

test('a 100-row batch with 5 bad rows: the 5 are reported, 95 labels are bought into one PDF', async ({ app }) => {
  const { page } = app;
  await signInAsDemo(app);
  for (let i = 0; i < 4; i += 1) await addSampleFunds(app, '1000.00');
  await addReturnAddress(app);

  await page.getByRole('navigation', { name: 'Shipping' }).getByRole('button', { name: 'Batch import' }).click();
  await page
    .getByLabel('CSV file')
    .setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(batchCsv(100)) });
  const batch = page.getByRole('region', { name: 'Batch labels' });
  await expect(batch.getByRole('status')).toHaveText('95 rows ready, 5 with problems.');
  const problems = page.getByRole('table', { name: 'Rows with problems' });
  await expect(problems.getByRole('row')).toHaveCount(6);
  await expect(problems).toContainText('Weight must be more than 0 lb');
  await expect(problems).toContainText('unknown service "Pony Express"');
  await app.screenshot('shipping-batch-report');
  const before = cents(await page.getByTestId('balance').textContent());

  await page.getByRole('button', { name: /^Buy 95 labels for \$/ }).click();
  await expect(batch.getByRole('status')).toContainText('Bought 95 labels');
  await expect(page.getByText('Not bought (nothing charged): row 12, row 31, row 47, row 64, row 88')).toBeVisible();
  const charged = cents(/for (\$[\d,.]+)\./.exec((await batch.getByRole('status').textContent()) ?? '')?.[1] ?? '');
  await expect(page.getByTestId('balance')).toHaveText(
    `$${((before - charged) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`,
  );
  await page.getByRole('button', { name: 'Download PDF' }).click();
  await expect(batch.getByRole('status')).toContainText('Saved 95 labels to');
  const saved = /to (.+\.pdf)$/.exec((await batch.getByRole('status').textContent()) ?? '')?.[1] ?? '';
  expect((await PDFDocument.load(readFileSync(saved))).getPageCount()).toBe(95);
});
