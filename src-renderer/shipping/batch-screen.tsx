import { useEffect, useState } from 'react';
import {
  BATCH_CSV_COLUMNS,
  type AddressEntry,
  type BatchCheckResponse,
  type BatchPurchaseResponse,
} from '../../src-shared/shipping/api';
import { formatCents } from '../../src-shared/shipping/money';
import { bridge } from '../bridge';
import { FormMessages } from '../components/form-messages';
import { readFileBase64 } from './read-file';
import { call, messageOf, newPurchaseKey, useShipping } from './shipping-store';

/** Batch import: upload a CSV, see each row checked (bad ones with the reason), buy all valid rows, download one PDF. */
export function BatchScreen() {
  const { refreshAccount } = useShipping();
  const [book, setBook] = useState<AddressEntry[]>([]);
  const [fromId, setFromId] = useState('');
  const [file, setFile] = useState<{ fileName: string; base64: string } | undefined>();
  const [check, setCheck] = useState<BatchCheckResponse | undefined>();
  const [bought, setBought] = useState<BatchPurchaseResponse | undefined>();
  const [key, setKey] = useState(() => newPurchaseKey('batch'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  useEffect(() => {
    call(bridge().listAddresses({}))
      .then((r) => {
        setBook(r.addresses);
        setFromId(r.addresses.find((a) => a.isDefaultReturn)?.id ?? r.addresses[0]?.id ?? '');
      })
      .catch((e: unknown) => setError(messageOf(e)));
  }, []);

  async function run(action: () => Promise<string | undefined>): Promise<void> {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      setNotice(await action());
    } catch (e) {
      setError(e instanceof Error && !('code' in e) ? e.message : messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const bad = check?.rows.filter((r) => !r.ok) ?? [];

  return (
    <section aria-labelledby="batch-title" className="shipping-screen">
      <h2 id="batch-title">Batch labels</h2>
      <FormMessages error={error} notice={notice} />
      <p className="hint">
        One row per label. The first row must be the header: <code>{BATCH_CSV_COLUMNS.join(',')}</code>. Weight in
        pounds, sizes in inches, service as Priority Mail Express, Priority Mail or USPS Ground Advantage, ship date as
        YYYY-MM-DD (empty for today), signature yes/no, insured value in dollars.
      </p>
      <div className="row">
        <div className="field">
          <label htmlFor="batch-from">Return address</label>
          <select id="batch-from" value={fromId} onChange={(e) => setFromId(e.target.value)}>
            {book.length === 0 ? <option value="">Add a return address in the Address book first</option> : null}
            {book.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}, {a.city} {a.state}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="batch-file">CSV file</label>
          <input
            id="batch-file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              e.target.value = '';
              if (!chosen) return;
              setCheck(undefined);
              setBought(undefined);
              setKey(newPurchaseKey('batch'));
              void run(async () => {
                const read = await readFileBase64(chosen);
                setFile(read);
                const result = await call(bridge().checkBatch({ ...read, fromAddressId: fromId }));
                setCheck(result);
                return `${result.validCount} rows ready, ${result.invalidCount} with problems.`;
              });
            }}
          />
        </div>
      </div>
      {check ? (
        <div className="batch-report">
          <p>
            <strong>{check.validCount}</strong> labels ready, total <strong>{formatCents(check.totalCents)}</strong>
            {check.sample ? <span className="sample-tag">SAMPLE PRICES</span> : null}.{' '}
            {bad.length > 0 ? `${bad.length} rows will not be bought:` : 'Every row is valid.'}
          </p>
          {bad.length > 0 ? (
            <table className="label-table" aria-label="Rows with problems">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Reference</th>
                  <th scope="col">Recipient</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {bad.map((r) => (
                  <tr key={r.row}>
                    <td>{r.row}</td>
                    <td>{r.reference}</td>
                    <td>{r.recipient}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {!bought && check.validCount > 0 && file ? (
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const result = await call(bridge().buyBatch({ ...file, fromAddressId: fromId, idempotencyKey: key }));
                  setBought(result);
                  await refreshAccount();
                  return `Bought ${result.labels.length} labels for ${formatCents(result.chargedCents)}.`;
                })
              }
            >
              Buy {check.validCount} labels for {formatCents(check.totalCents)}
            </button>
          ) : null}
        </div>
      ) : null}
      {bought ? (
        <div className="actions">
          {bought.failed.length > 0 ? (
            <p>Not bought (nothing charged): {bought.failed.map((f) => `row ${f.row}`).join(', ')}</p>
          ) : null}
          <button
            type="button"
            onClick={() =>
              void run(async () => {
                const saved = await call(bridge().saveBatchLabels({ batchId: bought.batchId }));
                return saved.savedTo ? `Saved ${bought.labels.length} labels to ${saved.savedTo}` : undefined;
              })
            }
          >
            Download PDF
          </button>
          <button
            type="button"
            onClick={() =>
              void run(async () => {
                await call(bridge().printBatchLabels({ batchId: bought.batchId }));
                return 'The labels were sent to the printer.';
              })
            }
          >
            Print all
          </button>
        </div>
      ) : null}
    </section>
  );
}
