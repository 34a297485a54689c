/**
 * Shipping tables (migration 0050). Money is integer cents; times are epoch
 * milliseconds like the rest of the schema; addresses are stored as JSON text
 * so a label reprints exactly as it was bought.
 */
export interface PostageAccountsTable {
  user_id: string;
  balance_cents: number;
  updated_at: number;
}

export interface PostageLedgerTable {
  id: string;
  user_id: string;
  kind: 'top-up' | 'purchase' | 'refund';
  amount_cents: number;
  label_id: string | null;
  created_at: number;
}

export interface ShippingLabelsTable {
  id: string;
  user_id: string;
  idempotency_key: string;
  request_hash: string;
  /** `pending` only while the provider is being asked; never visible in history. */
  status: 'pending' | 'purchased' | 'refund-requested' | 'refunded';
  tracking_number: string | null;
  service: string;
  container: string;
  from_json: string;
  to_json: string;
  recipient_search: string;
  weight_lb: number;
  length_in: number;
  width_in: number;
  height_in: number;
  ship_date: string;
  zone: number;
  postage_cents: number;
  extras_cents: number;
  total_cents: number;
  signature: number;
  insured_value_cents: number;
  provider: string;
  sample: number;
  /** Label image the provider returned (base64 PDF), when it made one. */
  provider_label: string | null;
  batch_id: string | null;
  created_at: number;
  refund_requested_at: number | null;
  refunded_at: number | null;
}

export interface ShippingAddressesTable {
  id: string;
  user_id: string;
  name: string;
  company: string;
  street1: string;
  street2: string;
  city: string;
  state: string;
  zip: string;
  is_default_return: number;
  search_text: string;
  created_at: number;
  updated_at: number;
}

export interface PackagePresetsTable {
  id: string;
  user_id: string;
  name: string;
  container: string;
  weight_lb: number;
  length_in: number;
  width_in: number;
  height_in: number;
  created_at: number;
}

export interface ShippingCountersTable {
  name: string;
  value: number;
}

/** The shipping part of the database, merged into `Database`. */
export interface ShippingDatabase {
  postage_accounts: PostageAccountsTable;
  postage_ledger: PostageLedgerTable;
  shipping_labels: ShippingLabelsTable;
  shipping_addresses: ShippingAddressesTable;
  package_presets: PackagePresetsTable;
  shipping_counters: ShippingCountersTable;
}
