import { useCallback, useEffect, useState } from 'react';
import type { Label } from '../../src-shared/shipping/api';
import { bridge } from '../bridge';
import { FormMessages } from '../components/form-messages';
import { LabelTable } from './label-table';
import { call, messageOf, useShipping } from './shipping-store';

const REFUND_WINDOW_MS = 30 * 86_400_000;

/** History: every label with its status; search by recipient, tracking number and date; reprint, refund, export. */
export function HistoryScreen() {
  const { refreshAccount } = useShipping();
  const [q, setQ] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [labels, setLabels] = useState<Label[] | undefined>();
  const [openedAt] = useState(() => Date.now());
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const search = useCallback(async () => {
    setError(undefined);
    try {
      const query = { ...(q.trim() ? { q: q.trim() } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
      setLabels((await call(bridge().listLabels(query))).labels);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [q, from, to]);

  useEffect(() => {
    call(bridge().listLabels({}))
      .then((list) => setLabels(list.labels))
      .catch((e: unknown) => setError(messageOf(e)));
  }, []);

  async function act(action: () => Promise<string | undefined>): Promise<void> {
    setError(undefined);
    setNotice(undefined);
    try {
      setNotice(await action());
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <section aria-labelledby="history-title" className="shipping-screen">
      <h2 id="history-title">History</h2>
      <FormMessages error={error} notice={notice} />
      <form
        className="search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <div className="row">
          <div className="field">
            <label htmlFor="history-q">Recipient or tracking number</label>
            <input id="history-q" value={q} onChange={(e) => setQ(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="history-from">Ship date from</label>
            <input id="history-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="history-to">to</label>
            <input id="history-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <button type="submit">Search</button>
          <button
            type="button"
            onClick={() =>
              void act(async () => {
                const saved = await call(
                  bridge().exportHistory({
                    ...(q.trim() ? { q: q.trim() } : {}),
                    ...(from ? { from } : {}),
                    ...(to ? { to } : {}),
                  }),
                );
                return saved.savedTo ? `Exported to ${saved.savedTo}` : undefined;
              })
            }
          >
            Export CSV
          </button>
        </div>
      </form>
      {labels ? (
        <LabelTable
          labels={labels}
          actions={(label) => (
            <>
              <button
                type="button"
                aria-label={`Reprint label for ${label.to.name}`}
                onClick={() =>
                  void act(async () => {
                    await call(bridge().printLabel({ labelId: label.id }));
                    return `The label for ${label.to.name} was sent to the printer again (no charge).`;
                  })
                }
              >
                Reprint
              </button>
              {label.status === 'purchased' && openedAt - Date.parse(label.createdAt) < REFUND_WINDOW_MS ? (
                <button
                  type="button"
                  aria-label={`Request refund for ${label.to.name}`}
                  onClick={() =>
                    void act(async () => {
                      if (
                        !window.confirm(
                          `Request a refund for the label to ${label.to.name}? Use it only if the label was not used.`,
                        )
                      ) {
                        return undefined;
                      }
                      const result = await call(bridge().refundLabel({ labelId: label.id }));
                      await refreshAccount();
                      await search();
                      return result.label.status === 'refunded'
                        ? `Refund credited to your postage balance.`
                        : 'Refund requested.';
                    })
                  }
                >
                  Request refund
                </button>
              ) : null}
            </>
          )}
        />
      ) : (
        <p className="loading">Loading…</p>
      )}
    </section>
  );
}
