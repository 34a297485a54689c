import { useEffect } from 'react';
import { formatCents } from '../../src-shared/shipping/money';
import { AccountScreen } from './account-screen';
import { AddressBookScreen } from './address-book-screen';
import { BatchScreen } from './batch-screen';
import { CreateLabelScreen } from './create-label-screen';
import { HistoryScreen } from './history-screen';
import { HomeScreen } from './home-screen';
import { LabelReadyScreen } from './label-ready-screen';
import { useShipping, type ShippingScreen } from './shipping-store';
import './shipping.css';

const TABS: Array<{ screen: ShippingScreen; label: string }> = [
  { screen: 'home', label: 'Home' },
  { screen: 'create', label: 'Create a label' },
  { screen: 'history', label: 'History' },
  { screen: 'addresses', label: 'Address book' },
  { screen: 'batch', label: 'Batch import' },
  { screen: 'account', label: 'Postage account' },
];

/**
 * The shipping application behind sign-in (addresses, packages, rates,
 * labels, history). The signed-in shell renders it in its main area. The
 * balance is always in view; everything from the `local` provider says SAMPLE.
 */
export function ShippingApp() {
  const { screen, account, go, refreshAccount } = useShipping();
  useEffect(() => {
    void refreshAccount();
  }, [refreshAccount, screen]);
  return (
    <div className="shipping-app">
      <nav aria-label="Shipping" className="shipping-nav">
        {TABS.map((t) => (
          <button
            key={t.screen}
            type="button"
            aria-current={screen === t.screen || (t.screen === 'create' && screen === 'ready') ? 'page' : undefined}
            onClick={() =>
              t.screen === 'create' ? useShipping.setState({ template: undefined, screen: 'create' }) : go(t.screen)
            }
          >
            {t.label}
          </button>
        ))}
        <span className="balance-chip" aria-live="polite">
          Postage balance: <strong data-testid="balance">{account ? formatCents(account.balanceCents) : '…'}</strong>
        </span>
      </nav>
      {account?.sample ? (
        <p className="sample-banner" role="note">
          Sample mode: prices, labels and money here are samples — SAMPLE – NOT VALID FOR POSTAGE.
        </p>
      ) : null}
      {screen === 'home' ? <HomeScreen /> : null}
      {screen === 'create' ? <CreateLabelScreen /> : null}
      {screen === 'ready' ? <LabelReadyScreen /> : null}
      {screen === 'history' ? <HistoryScreen /> : null}
      {screen === 'addresses' ? <AddressBookScreen /> : null}
      {screen === 'batch' ? <BatchScreen /> : null}
      {screen === 'account' ? <AccountScreen /> : null}
    </div>
  );
}
