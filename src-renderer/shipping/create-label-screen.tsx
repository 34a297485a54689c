import { useEffect, useMemo, useState } from 'react';
import type { AddressInput } from '../../src-shared/shipping/address';
import { addressSchema } from '../../src-shared/shipping/address';
import {
  shipmentSchema,
  type AddressEntry,
  type Preset,
  type RateOption,
  type RatesResponse,
  type ShipmentInput,
} from '../../src-shared/shipping/api';
import { formatCents, parseDollars } from '../../src-shared/shipping/money';
import { CONTAINER_IDS, CONTAINERS, type ContainerId, type ServiceId } from '../../src-shared/shipping/services';
import { localToday, MAX_DAYS_AHEAD, addDays } from '../../src-shared/shipping/ship-date';
import { bridge } from '../bridge';
import { FormMessages } from '../components/form-messages';
import { AddressFields, EMPTY_ADDRESS, fieldErrors, type FieldErrors } from './address-fields';
import { call, messageOf, newPurchaseKey, useShipping } from './shipping-store';

interface PackageForm {
  container: ContainerId;
  weightLb: string;
  lengthIn: string;
  widthIn: string;
  heightIn: string;
}

const LAST_PACKAGE_KEY = 'cns.shipping.last-package';
const LAST_FROM_KEY = 'cns.shipping.last-from';
const DEFAULT_PACKAGE: PackageForm = {
  container: 'PACKAGE',
  weightLb: '1',
  lengthIn: '10',
  widthIn: '8',
  heightIn: '4',
};

function storedPackage(): PackageForm {
  try {
    const saved = JSON.parse(localStorage.getItem(LAST_PACKAGE_KEY) ?? 'null') as PackageForm | null;
    return saved && typeof saved.weightLb === 'string' ? saved : DEFAULT_PACKAGE;
  } catch {
    return DEFAULT_PACKAGE;
  }
}

function plain(entry: AddressEntry): AddressInput {
  const { id: _id, isDefaultReturn: _d, ...address } = entry;
  return address;
}

function numberOrNaN(text: string): number {
  return /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
}

/**
 * Create a label: from (address book, default return address first), to (pick
 * or type, with the postal service's standardised form offered), package (with
 * presets), ship date, service with prices, extras, review with the total, and
 * Pay and print. Every field is checked with the shared schema before asking
 * the server, and each problem shows under its own field.
 */
export function CreateLabelScreen() {
  const { account, template, purchased } = useShipping();
  const [book, setBook] = useState<AddressEntry[]>([]);
  const [presets, setPresets] = useState<Preset[]>([]);
  const [from, setFrom] = useState<AddressInput>(template ? template.from : EMPTY_ADDRESS);
  const [to, setTo] = useState<AddressInput>(EMPTY_ADDRESS);
  const [pkg, setPkg] = useState<PackageForm>(() =>
    template
      ? {
          container: template.container,
          weightLb: String(template.weightLb),
          lengthIn: '10',
          widthIn: '8',
          heightIn: '4',
        }
      : storedPackage(),
  );
  const [shipDate, setShipDate] = useState(localToday());
  const [signature, setSignature] = useState(false);
  const [insured, setInsured] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [suggestion, setSuggestion] = useState<AddressInput | undefined>();
  // Prices belong to the exact shipment they were asked for; any edit makes them stale.
  const [priced, setPriced] = useState<{ key: string; rates: RatesResponse; purchaseKey: string } | undefined>();
  const [chosen, setService] = useState<ServiceId | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [presetName, setPresetName] = useState('');
  const [presetId, setPresetId] = useState('');

  useEffect(() => {
    void (async () => {
      try {
        const [addresses, saved] = await Promise.all([call(bridge().listAddresses({})), call(bridge().listPresets())]);
        setBook(addresses.addresses);
        setPresets(saved.presets);
        if (!template) {
          const lastId = localStorage.getItem(LAST_FROM_KEY);
          const pick =
            addresses.addresses.find((a) => a.id === lastId) ?? addresses.addresses.find((a) => a.isDefaultReturn);
          if (pick) setFrom(plain(pick));
        }
      } catch (e) {
        setError(messageOf(e));
      }
    })();
  }, [template]);

  const insuredCents = insured.trim() === '' ? 0 : parseDollars(insured);
  const shipment: ShipmentInput = useMemo(
    () => ({
      from,
      to,
      package: {
        container: pkg.container,
        weightLb: numberOrNaN(pkg.weightLb),
        lengthIn: numberOrNaN(pkg.lengthIn),
        widthIn: numberOrNaN(pkg.widthIn),
        heightIn: numberOrNaN(pkg.heightIn),
      },
      shipDate,
      extras: { signature, insuredValueCents: insuredCents ?? Number.NaN },
    }),
    [from, to, pkg, shipDate, signature, insuredCents],
  );

  const shipmentKey = JSON.stringify(shipment);
  const rates = priced?.key === shipmentKey ? priced.rates : undefined;
  const service = rates ? chosen : undefined;
  const selected: RateOption | undefined = rates?.options.find((o) => o.service === service);

  async function getPrices(): Promise<void> {
    setError(undefined);
    setNotice(undefined);
    const parsed = shipmentSchema.safeParse(shipment);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      setError('Please correct the fields marked below.');
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const answer = await call(bridge().getRates(shipment));
      setPriced({ key: shipmentKey, rates: answer, purchaseKey: newPurchaseKey('label') });
      setService(answer.options.find((o) => o.service === 'PRIORITY_MAIL')?.service ?? answer.options[0]?.service);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function checkAddress(): Promise<void> {
    setError(undefined);
    const parsed = addressSchema.safeParse(to);
    if (!parsed.success) {
      setErrors(Object.fromEntries(Object.entries(fieldErrors(parsed.error.issues)).map(([k, v]) => [`to.${k}`, v])));
      return;
    }
    setBusy(true);
    try {
      const answer = await call(bridge().standardizeAddress(to));
      if (answer.changed) setSuggestion(answer.address);
      else setNotice('The delivery address is already in standard form.');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function payAndPrint(): Promise<void> {
    if (!service || !selected || !priced) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await call(bridge().buyLabel({ idempotencyKey: priced.purchaseKey, shipment, service }));
      localStorage.setItem(LAST_PACKAGE_KEY, JSON.stringify(pkg));
      const fromEntry = book.find((a) => a.street1 === from.street1 && a.zip === from.zip);
      if (fromEntry) localStorage.setItem(LAST_FROM_KEY, fromEntry.id);
      purchased(result);
      // Printing is a second step: the label is bought even if the printer is not ready.
      const printed = await bridge().printLabel({ labelId: result.label.id });
      useShipping.setState({
        printMessage: printed.ok
          ? { error: false, text: 'The label was sent to the printer.' }
          : {
              error: true,
              text: `The label is paid for, but printing failed: ${printed.error.message} Press Print to try again.`,
            },
      });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function savePreset(): Promise<void> {
    setError(undefined);
    try {
      const preset = await call(
        bridge().savePreset({
          name: presetName,
          container: pkg.container,
          weightLb: numberOrNaN(pkg.weightLb),
          lengthIn: numberOrNaN(pkg.lengthIn),
          widthIn: numberOrNaN(pkg.widthIn),
          heightIn: numberOrNaN(pkg.heightIn),
        }),
      );
      setPresets([...presets, preset].sort((a, b) => a.name.localeCompare(b.name)));
      setPresetName('');
      setNotice(`Saved the package preset "${preset.name}".`);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function deletePreset(id: string): Promise<void> {
    setError(undefined);
    try {
      await call(bridge().deletePreset({ id }));
      setPresets(presets.filter((p) => p.id !== id));
      setPresetId('');
      setNotice('Deleted the package preset.');
    } catch (e) {
      setError(messageOf(e));
    }
  }

  const pkgField = (key: keyof Omit<PackageForm, 'container'>, label: string) => (
    <div className="field">
      <label htmlFor={`pkg-${key}`}>{label}</label>
      <input
        id={`pkg-${key}`}
        inputMode="decimal"
        value={pkg[key]}
        aria-invalid={errors[`package.${key}`] ? true : undefined}
        aria-describedby={errors[`package.${key}`] ? `pkg-${key}-error` : undefined}
        onChange={(e) => setPkg({ ...pkg, [key]: e.target.value })}
      />
      {errors[`package.${key}`] ? (
        <span id={`pkg-${key}-error`} className="field-error">
          {errors[`package.${key}`]}
        </span>
      ) : null}
    </div>
  );

  return (
    <section aria-labelledby="create-title" className="shipping-screen">
      <h2 id="create-title">Create a label</h2>
      <FormMessages error={error} notice={notice} />
      <form
        className="create-form"
        onSubmit={(e) => {
          e.preventDefault();
          void getPrices();
        }}
      >
        <div className="two-columns">
          <div>
            {book.length > 0 ? (
              <div className="field">
                <label htmlFor="from-book">Return address from your address book</label>
                <select
                  id="from-book"
                  value=""
                  onChange={(e) => {
                    const entry = book.find((a) => a.id === e.target.value);
                    if (entry) setFrom(plain(entry));
                  }}
                >
                  <option value="">Choose a saved address…</option>
                  {book.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}, {a.city} {a.state}
                      {a.isDefaultReturn ? ' (default return address)' : ''}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <AddressFields
              id="from"
              legend="From"
              value={from}
              errors={fieldErrors(issuesOf(errors), 'from')}
              onChange={setFrom}
            />
          </div>
          <div>
            {book.length > 0 ? (
              <div className="field">
                <label htmlFor="to-book">Deliver to someone in your address book</label>
                <select
                  id="to-book"
                  value=""
                  onChange={(e) => {
                    const entry = book.find((a) => a.id === e.target.value);
                    if (entry) setTo(plain(entry));
                  }}
                >
                  <option value="">Choose a saved address…</option>
                  {book.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}, {a.city} {a.state}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <AddressFields
              id="to"
              legend="To"
              value={to}
              errors={fieldErrors(issuesOf(errors), 'to')}
              onChange={setTo}
            />
            <button type="button" onClick={() => void checkAddress()} disabled={busy}>
              Check address
            </button>
            {suggestion ? (
              <div className="suggestion" role="group" aria-labelledby="suggestion-title">
                <p id="suggestion-title">
                  <strong>Suggested address{rates?.sample || account?.sample ? ' (sample check)' : ''}:</strong>
                </p>
                <p className="address-block">
                  {[
                    suggestion.name,
                    suggestion.company,
                    suggestion.street1,
                    suggestion.street2,
                    `${suggestion.city} ${suggestion.state} ${suggestion.zip}`,
                  ]
                    .filter(Boolean)
                    .join('\n')}
                </p>
                <button
                  type="button"
                  onClick={() => {
                    setTo(suggestion);
                    setSuggestion(undefined);
                  }}
                >
                  Use suggested address
                </button>{' '}
                <button type="button" onClick={() => setSuggestion(undefined)}>
                  Keep my address
                </button>
              </div>
            ) : null}
          </div>
        </div>

        <fieldset>
          <legend>Package</legend>
          {presets.length > 0 ? (
            <div className="field">
              <label htmlFor="preset">Package preset</label>
              <select
                id="preset"
                value={presetId}
                onChange={(e) => {
                  const p = presets.find((x) => x.id === e.target.value);
                  setPresetId(e.target.value);
                  if (p) {
                    setPkg({
                      container: p.container,
                      weightLb: String(p.weightLb),
                      lengthIn: String(p.lengthIn),
                      widthIn: String(p.widthIn),
                      heightIn: String(p.heightIn),
                    });
                  }
                }}
              >
                <option value="">Choose a preset…</option>
                {presets.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
              {presetId ? (
                <button type="button" onClick={() => void deletePreset(presetId)}>
                  Delete preset
                </button>
              ) : null}
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="pkg-container">Packaging</label>
            <select
              id="pkg-container"
              value={pkg.container}
              onChange={(e) => setPkg({ ...pkg, container: e.target.value as ContainerId })}
            >
              {CONTAINER_IDS.map((c) => (
                <option key={c} value={c}>
                  {CONTAINERS[c].name}
                  {CONTAINERS[c].flatRate ? ' (Priority Mail)' : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="row">
            {pkgField('weightLb', 'Weight (lb)')}
            {pkgField('lengthIn', 'Length (in)')}
            {pkgField('widthIn', 'Width (in)')}
            {pkgField('heightIn', 'Height (in)')}
          </div>
          <div className="row">
            <div className="field">
              <label htmlFor="preset-name">Save this package as</label>
              <input id="preset-name" value={presetName} onChange={(e) => setPresetName(e.target.value)} />
            </div>
            <button type="button" onClick={() => void savePreset()} disabled={presetName.trim() === ''}>
              Save preset
            </button>
          </div>
        </fieldset>

        <fieldset>
          <legend>Ship date and extras</legend>
          <div className="row">
            <div className="field">
              <label htmlFor="ship-date">Ship date</label>
              <input
                id="ship-date"
                type="date"
                value={shipDate}
                min={localToday()}
                max={addDays(localToday(), MAX_DAYS_AHEAD)}
                aria-invalid={errors.shipDate ? true : undefined}
                onChange={(e) => setShipDate(e.target.value)}
              />
              {errors.shipDate ? <span className="field-error">{errors.shipDate}</span> : null}
            </div>
            <div className="field">
              <label htmlFor="insured">Insurance: declared value in $ (optional)</label>
              <input id="insured" inputMode="decimal" value={insured} onChange={(e) => setInsured(e.target.value)} />
              {insuredCents === undefined || errors['extras.insuredValueCents'] ? (
                <span className="field-error">
                  {errors['extras.insuredValueCents'] ?? 'Enter the value in dollars and cents, such as 150.00'}
                </span>
              ) : null}
            </div>
          </div>
          <label className="choice">
            <input type="checkbox" checked={signature} onChange={(e) => setSignature(e.target.checked)} /> Signature
            Confirmation™
          </label>
        </fieldset>

        <div className="actions">
          <button type="submit" disabled={busy}>
            Get prices
          </button>
        </div>
      </form>

      {rates ? (
        <form
          className="review"
          aria-labelledby="services-title"
          onSubmit={(e) => {
            e.preventDefault();
            void payAndPrint();
          }}
        >
          <fieldset>
            <legend id="services-title">
              Service {rates.sample ? <span className="sample-tag">SAMPLE PRICES</span> : null}
            </legend>
            {rates.options.map((o) => (
              <label key={o.service} className="choice rate">
                <input
                  type="radio"
                  name="service"
                  value={o.service}
                  checked={service === o.service}
                  onChange={() => setService(o.service)}
                />{' '}
                <span className="rate-name">{o.serviceName}</span>{' '}
                <span className="rate-price">{formatCents(o.totalCents)}</span>{' '}
                <span className="hint">
                  Zone {o.zone}, {o.deliveryDays.min}–{o.deliveryDays.max} business days (by {o.expectedDelivery})
                </span>
              </label>
            ))}
            {rates.unavailable.map((u) => (
              <p key={u.service} className="hint">
                {u.reason}
              </p>
            ))}
          </fieldset>
          {selected ? (
            <div className="total" aria-live="polite">
              <p>
                Postage {formatCents(selected.postageCents)}
                {selected.extrasCents > 0 ? ` + extras ${formatCents(selected.extrasCents)}` : ''}
              </p>
              <p className="total-line">
                Total: <strong data-testid="label-total">{formatCents(selected.totalCents)}</strong>
              </p>
              <p className="hint">
                Postage balance {account ? formatCents(account.balanceCents) : '…'}
                {account && account.balanceCents < selected.totalCents
                  ? ' — not enough; add funds in Postage account.'
                  : ''}
              </p>
              <button type="submit" className="primary" disabled={busy}>
                Pay and print
              </button>
            </div>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}

function issuesOf(errors: FieldErrors): Array<{ path: PropertyKey[]; message: string }> {
  return Object.entries(errors).map(([key, message]) => ({ path: key.split('.'), message }));
}
