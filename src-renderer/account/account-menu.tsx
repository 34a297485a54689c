import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

/** One entry of the account menu; other areas (Settings) add theirs to the list the shell passes. */
export interface AccountMenuItem {
  id: string;
  label: string;
  onSelect(): void;
}

/**
 * The signed-in shell's account menu: a disclosure button and a list of
 * actions, usable with the keyboard (Escape closes it and returns focus).
 */
export function AccountMenu({ username, items }: { username: string; items: AccountMenuItem[] }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);

  function onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
    }
  }

  return (
    <nav className="account-menu" aria-label="Account" onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="account-menu-list"
        onClick={() => setOpen(!open)}
      >
        Account: {username}
      </button>
      {open ? (
        <ul id="account-menu-list" className="menu-list">
          {items.map((item, i) => (
            <li key={item.id}>
              <button
                ref={i === 0 ? first : undefined}
                type="button"
                onClick={() => {
                  setOpen(false);
                  item.onSelect();
                }}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </nav>
  );
}
