import { useEffect, useRef, type ReactNode } from 'react';
import { useSettingsStore } from '../settings/settings-store';
import { useAuthStore } from '../store/auth-store';

/** Customer Care, as the user guide gives it. */
export const CUSTOMER_CARE_PHONE = '1-800-344-7779';

/**
 * The frame of every sign-in screen, as in the user guide: the form on the
 * left, the "Ship Packages Easily" panel on the right, help below. Focus moves
 * to the heading whenever a new step is shown, for keyboard and screen-reader users.
 */
export function PageLayout({
  title,
  focusKey,
  children,
}: {
  title: string;
  /** Changes when the content changes under the same title, so focus moves to the heading again. */
  focusKey?: string;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // IT policy may name the organization's own help desk and help pages (docs/it-admin.md).
  const support = useSettingsStore((s) => s.view?.support);
  const phone = support?.phone ?? CUSTOMER_CARE_PHONE;
  useEffect(() => {
    heading.current?.focus();
  }, [title, focusKey]);
  return (
    <div className="page">
      <header className="brand-bar">
        <span className="brand">Click-N-Ship®</span>
      </header>
      <div className="columns">
        <main className="panel main-panel">
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
          <ReconnectingNotice />
          {children}
          <footer className="help">
            <p>
              Need help with MFA?{' '}
              <a href="https://faq.usps.com/" target="_blank" rel="noreferrer">
                Visit FAQs.
              </a>
            </p>
            {support?.helpUrl ? (
              <p>
                <a href={support.helpUrl} target="_blank" rel="noreferrer">
                  Your organization&apos;s help pages
                </a>
              </p>
            ) : null}
            <p>
              Customer Care: <a href={`tel:${phone}`}>{phone}</a>
            </p>
          </footer>
        </main>
        <aside className="panel side-panel" aria-labelledby="side-title">
          <h2 id="side-title">Ship Packages Easily from Home or Office</h2>
          <p>Click-N-Ship® lets you pay, print, ship, and save on shipping labels easily from your home or office.</p>
          <h3>Benefits of Your Account</h3>
          <p>Your account gives you the shipping tools you use most, in one place:</p>
          <ul className="benefits">
            <li>Print labels with postage at home or in the office</li>
            <li>Save addresses and package presets</li>
            <li>Track packages and see your shipping history</li>
            <li>Schedule a pickup</li>
          </ul>
        </aside>
      </div>
    </div>
  );
}

/**
 * Shown while the sign-in server cannot be reached and the last answer is
 * being sent again by itself (issue: server restarted mid-flow): the step
 * stays, and the page goes on when the server is back.
 */
function ReconnectingNotice() {
  const reconnecting = useAuthStore((s) => s.reconnecting !== undefined);
  // Only while it applies: an empty live region would be one more "status" on every screen.
  if (!reconnecting) return null;
  return (
    <p role="status" className="notice reconnecting">
      <strong>Reconnecting to the server…</strong> The sign-in server cannot be reached right now. This page will go on
      by itself as soon as it is back.
    </p>
  );
}
