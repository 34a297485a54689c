import { useState } from 'react';
import type { LabelFormat } from '../../src-shared/shipping/api';
import { formatCents } from '../../src-shared/shipping/money';
import { groupTrackingNumber } from '../../src-shared/shipping/tracking';
import { bridge } from '../bridge';
import { FormMessages } from '../components/form-messages';
import { call, messageOf, useShipping } from './shipping-store';

/** Label ready: the bought label with Print (system print dialog), Save PDF (or ZPL) and Create another. */
export function LabelReadyScreen() {
  const { lastPurchase, go, printMessage } = useShipping();
  const [format, setFormat] = useState<LabelFormat>('pdf-4x6');
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  if (!lastPurchase) return null;
  const { label, balanceCents } = lastPurchase;

  async function run(action: () => Promise<string | undefined>): Promise<void> {
    setError(undefined);
    setNotice(undefined);
    useShipping.setState({ printMessage: undefined });
    try {
      setNotice(await action());
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <section aria-labelledby="ready-title" className="shipping-screen">
      <h2 id="ready-title">Your label is ready</h2>
      <FormMessages
        error={error ?? (printMessage?.error ? printMessage.text : undefined)}
        notice={notice ?? (printMessage && !printMessage.error ? printMessage.text : undefined)}
      />
      {label.sample ? <p className="sample-banner">SAMPLE – NOT VALID FOR POSTAGE</p> : null}
      <dl className="facts">
        <dt>USPS Tracking #</dt>
        <dd data-testid="tracking-number">{groupTrackingNumber(label.trackingNumber)}</dd>
        <dt>Service</dt>
        <dd>{label.serviceName}</dd>
        <dt>To</dt>
        <dd>
          {label.to.name}, {label.to.city} {label.to.state} {label.to.zip}
        </dd>
        <dt>Paid</dt>
        <dd data-testid="label-paid">{formatCents(label.totalCents)}</dd>
        <dt>Postage balance</dt>
        <dd>{formatCents(balanceCents)}</dd>
      </dl>
      <div className="field">
        <label htmlFor="ready-format">Label format</label>
        <select id="ready-format" value={format} onChange={(e) => setFormat(e.target.value as LabelFormat)}>
          <option value="pdf-4x6">4×6 label (thermal printer)</option>
          <option value="pdf-letter">8.5×11 sheet, two labels per page</option>
          <option value="zpl">ZPL for thermal printers</option>
        </select>
      </div>
      <div className="actions">
        <button
          type="button"
          className="primary"
          onClick={() =>
            void run(async () => {
              await call(bridge().printLabel({ labelId: label.id, format: format === 'zpl' ? 'pdf-4x6' : format }));
              return 'The label was sent to the printer.';
            })
          }
        >
          Print
        </button>
        <button
          type="button"
          onClick={() =>
            void run(async () => {
              const saved = await call(bridge().saveLabel({ labelId: label.id, format }));
              return saved.savedTo ? `Saved to ${saved.savedTo}` : undefined;
            })
          }
        >
          {format === 'zpl' ? 'Save ZPL' : 'Save PDF'}
        </button>
        <button type="button" onClick={() => go('create')}>
          Create another
        </button>
      </div>
    </section>
  );
}
