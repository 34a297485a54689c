import { US_STATE_CODES, type AddressInput } from '../../src-shared/shipping/address';

/** Field-name -> message, as the shared schema reports problems. */
export type FieldErrors = Record<string, string>;

const FIELDS: Array<{ key: keyof AddressInput; label: string; autoComplete: string; required: boolean }> = [
  { key: 'name', label: 'Full name', autoComplete: 'name', required: true },
  { key: 'company', label: 'Company (optional)', autoComplete: 'organization', required: false },
  { key: 'street1', label: 'Street address', autoComplete: 'address-line1', required: true },
  { key: 'street2', label: 'Apt/Suite/Other (optional)', autoComplete: 'address-line2', required: false },
  { key: 'city', label: 'City', autoComplete: 'address-level2', required: true },
];

/** An empty address form. */
export const EMPTY_ADDRESS: AddressInput = {
  name: '',
  company: '',
  street1: '',
  street2: '',
  city: '',
  state: '',
  zip: '',
};

/**
 * The address fields of a form, each labelled, with its own error right under
 * it (announced, and linked with aria-describedby) so it can be fixed in place.
 */
export function AddressFields({
  id,
  legend,
  value,
  errors,
  onChange,
}: {
  id: string;
  legend: string;
  value: AddressInput;
  errors: FieldErrors;
  onChange: (next: AddressInput) => void;
}) {
  const field = (key: keyof AddressInput, label: string, input: React.ReactNode) => {
    const error = errors[key];
    return (
      <div className="field" key={key}>
        <label htmlFor={`${id}-${key}`}>{label}</label>
        {input}
        {error ? (
          <span id={`${id}-${key}-error`} className="field-error">
            {error}
          </span>
        ) : null}
      </div>
    );
  };
  const text = (key: keyof AddressInput, autoComplete: string, required: boolean) => (
    <input
      id={`${id}-${key}`}
      value={value[key] ?? ''}
      autoComplete={autoComplete}
      required={required}
      aria-invalid={errors[key] ? true : undefined}
      aria-describedby={errors[key] ? `${id}-${key}-error` : undefined}
      onChange={(e) => onChange({ ...value, [key]: e.target.value })}
    />
  );
  return (
    <fieldset className="address-fields">
      <legend>{legend}</legend>
      {FIELDS.map((f) => field(f.key, f.label, text(f.key, f.autoComplete, f.required)))}
      <div className="row">
        {field(
          'state',
          'State',
          <select
            id={`${id}-state`}
            value={value.state}
            aria-invalid={errors.state ? true : undefined}
            aria-describedby={errors.state ? `${id}-state-error` : undefined}
            onChange={(e) => onChange({ ...value, state: e.target.value })}
          >
            <option value="">Choose…</option>
            {US_STATE_CODES.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>,
        )}
        {field('zip', 'ZIP Code™', text('zip', 'postal-code', true))}
      </div>
    </fieldset>
  );
}

/** Turns zod issues (path -> message) into field errors under a prefix such as "to". */
export function fieldErrors(
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>,
  prefix?: string,
): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (prefix && path[0] !== prefix) continue;
    const key = (prefix ? path.slice(1) : path).join('.');
    out[key] ??= issue.message;
  }
  return out;
}
