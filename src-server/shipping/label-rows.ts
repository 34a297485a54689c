import type { Selectable } from 'kysely';
import type { Address } from '../../src-shared/shipping/address';
import type { Label } from '../../src-shared/shipping/api';
import { SERVICES, type ContainerId, type ServiceId } from '../../src-shared/shipping/services';
import type { ShippingLabelsTable } from '../db/shipping-schema';
import type { PrintableLabel } from './label-render';

/** A label row as read from the database. */
export type LabelRow = Selectable<ShippingLabelsTable>;

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(Number(ms)).toISOString();
}

/** The label as the API shows it (pending rows are never shown). */
export function labelOf(row: LabelRow): Label {
  const service = row.service as ServiceId;
  return {
    id: row.id,
    trackingNumber: row.tracking_number ?? '',
    service,
    serviceName: SERVICES[service].name,
    container: row.container as ContainerId,
    from: JSON.parse(row.from_json) as Address,
    to: JSON.parse(row.to_json) as Address,
    weightLb: Number(row.weight_lb),
    shipDate: row.ship_date,
    zone: Number(row.zone),
    postageCents: Number(row.postage_cents),
    extrasCents: Number(row.extras_cents),
    totalCents: Number(row.total_cents),
    signature: Number(row.signature) === 1,
    insuredValueCents: Number(row.insured_value_cents),
    status: row.status === 'pending' ? 'purchased' : row.status,
    sample: Number(row.sample) === 1,
    provider: row.provider,
    batchId: row.batch_id,
    createdAt: iso(row.created_at) ?? '',
    refundRequestedAt: iso(row.refund_requested_at),
    refundedAt: iso(row.refunded_at),
  };
}

/** What the renderer draws for a label. */
export function printableOf(label: Label): PrintableLabel {
  return {
    trackingNumber: label.trackingNumber,
    service: label.service,
    container: label.container,
    from: label.from,
    to: label.to,
    weightLb: label.weightLb,
    shipDate: label.shipDate,
    zone: label.zone,
    totalCents: label.totalCents,
    signature: label.signature,
    insuredValueCents: label.insuredValueCents,
    sample: label.sample,
  };
}

/** True for a unique-constraint violation on either database engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
