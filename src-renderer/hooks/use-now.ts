import { useEffect, useState } from 'react';

export { formatCountdown, secondsUntil } from '../../src-shared/ipc/auth-countdown';

/** The current time, refreshed every second, for countdowns (passcode expiry, resend cooldown). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
