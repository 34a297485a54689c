import { useEffect, useState } from 'react';
import { formatCents, parseDollars } from '../../src-shared/shipping/money';
import { bridge } from '../bridge';
import { FormMessages } from '../components/form-messages';
import { call, messageOf, useShipping } from './shipping-store';

const KIND = { 'top-up': 'Funds added', purchase: 'Label', refund: 'Refund' } as const;

/**
 * Postage account: the balance, its history, and adding funds (sample money
 * in sample mode; with USPS, the postage budget the app may spend from the
 * USPS payment account).
 */
export function AccountScreen() {
  const { account, refreshAccount } = useShipping();
  const [amount, setAmount] = useState('50.00');
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  useEffect(() => {
    void refreshAccount();
  }, [refreshAccount]);
  if (!account) return <p className="loading">Loading…</p>;

  async function addFunds(): Promise<void> {
    setError(undefined);
    setNotice(undefined);
    const cents = parseDollars(amount);
    if (cents === undefined) {
      setError('Enter an amount in dollars and cents, such as 50.00');
      return;
    }
    try {
      const next = await call(bridge().addSampleFunds({ amountCents: cents }));
      useShipping.setState({ account: next });
      setNotice(`Added ${formatCents(cents)} of ${account?.sample ? 'sample postage' : 'postage budget'}.`);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <section aria-labelledby="postage-title" className="shipping-screen">
      <h2 id="postage-title">Postage account</h2>
      <FormMessages error={error} notice={notice} />
      <p className="balance">
        Balance: <strong data-testid="account-balance">{formatCents(account.balanceCents)}</strong>
        {account.sample ? <span className="sample-tag">SAMPLE MONEY</span> : null}
      </p>
      {account.sample ? null : (
        <p>USPS charges your USPS payment account for each label; this balance is what the app may spend.</p>
      )}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void addFunds();
        }}
      >
        <div className="field">
          <label htmlFor="top-up">Amount to add ($)</label>
          <input id="top-up" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </div>
        <button type="submit">{account.sample ? 'Add sample funds' : 'Add to postage budget'}</button>
      </form>
      <h3>Account activity</h3>
      {account.ledger.length === 0 ? (
        <p>No activity yet.</p>
      ) : (
        <table className="label-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Amount</th>
            </tr>
          </thead>
          <tbody>
            {account.ledger.map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.createdAt).toLocaleString()}</td>
                <td>{KIND[e.kind]}</td>
                <td>{formatCents(e.amountCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
