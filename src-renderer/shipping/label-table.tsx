import type { Label } from '../../src-shared/shipping/api';
import { formatCents } from '../../src-shared/shipping/money';
import { groupTrackingNumber } from '../../src-shared/shipping/tracking';

const STATUS: Record<Label['status'], string> = {
  purchased: 'Purchased',
  'refund-requested': 'Refund requested',
  refunded: 'Refunded',
};

/** Labels as a table; `actions` adds per-row buttons (History: reprint, refund). */
export function LabelTable({ labels, actions }: { labels: Label[]; actions?: (label: Label) => React.ReactNode }) {
  if (labels.length === 0) return <p>No labels yet.</p>;
  return (
    <table className="label-table">
      <thead>
        <tr>
          <th scope="col">Ship date</th>
          <th scope="col">Recipient</th>
          <th scope="col">Tracking #</th>
          <th scope="col">Service</th>
          <th scope="col">Paid</th>
          <th scope="col">Status</th>
          {actions ? <th scope="col">Actions</th> : null}
        </tr>
      </thead>
      <tbody>
        {labels.map((l) => (
          <tr key={l.id}>
            <td>{l.shipDate}</td>
            <td>
              {l.to.name}
              <br />
              <span className="hint">
                {l.to.city} {l.to.state}
              </span>
            </td>
            <td>
              {groupTrackingNumber(l.trackingNumber)}
              {l.sample ? <span className="sample-tag">SAMPLE</span> : null}
            </td>
            <td>{l.serviceName}</td>
            <td>{formatCents(l.totalCents)}</td>
            <td>{STATUS[l.status]}</td>
            {actions ? <td>{actions(l)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
