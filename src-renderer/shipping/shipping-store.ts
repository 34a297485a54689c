import { create } from 'zustand';
import type { Account, Label, PurchaseResponse } from '../../src-shared/shipping/api';
import type { Result } from '../../src-shared/result';
import { bridge } from '../bridge';

/** The shipping screens. */
export type ShippingScreen = 'home' | 'create' | 'ready' | 'history' | 'addresses' | 'batch' | 'account';

/** A failed call, carried as the message a person reads. */
export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Unwraps an IPC result: the value, or a {@link CallError} with the server's own words. */
export async function call<T>(promise: Promise<Result<T>>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new CallError(result.error.code, result.error.message);
  return result.value;
}

/** The message to show for anything a call threw. */
export function messageOf(error: unknown): string {
  return error instanceof CallError ? error.message : 'Something went wrong. Please try again.';
}

interface ShippingState {
  screen: ShippingScreen;
  account: Account | undefined;
  /** The label just bought, for the Label ready screen. */
  lastPurchase: PurchaseResponse | undefined;
  /** A label to start "Create another" from (same sender and package). */
  template: Label | undefined;
  /** What became of the automatic print after Pay and print. */
  printMessage: { error: boolean; text: string } | undefined;
  go(screen: ShippingScreen): void;
  refreshAccount(): Promise<void>;
  purchased(result: PurchaseResponse): void;
}

/**
 * Shipping UI state that several screens share: which screen is open, the
 * postage account (balance shown on every screen), and the last purchase.
 */
export const useShipping = create<ShippingState>((set) => ({
  screen: 'home',
  account: undefined,
  lastPurchase: undefined,
  template: undefined,
  printMessage: undefined,
  go: (screen) => set({ screen }),
  async refreshAccount() {
    try {
      set({ account: await call(bridge().getPostageAccount()) });
    } catch {
      // The balance line shows "unavailable"; the screen that needs it reports the error.
    }
  },
  purchased: (result) =>
    set((state) => ({
      lastPurchase: result,
      template: result.label,
      printMessage: undefined,
      screen: 'ready',
      account: state.account ? { ...state.account, balanceCents: result.balanceCents } : state.account,
    })),
}));

/** A fresh idempotency key for one purchase attempt (kept while the person retries). */
export function newPurchaseKey(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}
