import { useEffect, useRef, useState } from 'react';
import type { StepOf } from '../../src-shared/steps';
import { AccountMenu, type AccountMenuItem } from '../account/account-menu';
import { SecurityPanel } from '../account/security-panel';
import { TrustedComputersPanel } from '../account/trusted-computers-panel';
import { FormMessages } from '../components/form-messages';
import { openSettings, SettingsDialog } from '../settings/settings-dialog';
import { ShippingApp } from '../shipping/shipping-app';
import { useAuthStore } from '../store/auth-store';

/** What the main area shows: the shipping app, or one of the account panels. */
type ShellView = 'shipping' | 'trusted-computers' | 'security';

/** The signed-in shell: the shipping application, and the account menu. */
export function SignedInScreen({ step }: { step: StepOf<'signed-in'> }) {
  const { signOut, notice, error } = useAuthStore();
  const [view, setView] = useState<ShellView>('shipping');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [view]);

  const items: AccountMenuItem[] = [
    { id: 'trusted-computers', label: 'Trusted computers', onSelect: () => setView('trusted-computers') },
    { id: 'security', label: 'Security', onSelect: () => setView('security') },
    { id: 'settings', label: 'Settings', onSelect: openSettings },
    { id: 'sign-out', label: 'Sign out', onSelect: () => void signOut() },
  ];

  return (
    <div className="page">
      <header className="brand-bar">
        <span className="brand">Click-N-Ship®</span>
        <span className="account">
          Signed in as <strong>{step.username}</strong>
        </span>
        <AccountMenu username={step.username} items={items} />
        <SettingsDialog />
      </header>
      <main className="panel main-panel wide">
        <h1 ref={heading} tabIndex={-1}>
          {view === 'shipping' ? 'Welcome to Click-N-Ship' : view === 'security' ? 'Your account' : 'Your account'}
        </h1>
        <FormMessages error={error} notice={notice} />
        {view === 'shipping' ? <ShippingApp /> : null}
        {view === 'trusted-computers' ? <TrustedComputersPanel /> : null}
        {view === 'security' ? <SecurityPanel /> : null}
        {view !== 'shipping' ? (
          <p>
            <button type="button" className="link-button" onClick={() => setView('shipping')}>
              Back to shipping
            </button>
          </p>
        ) : null}
      </main>
    </div>
  );
}
