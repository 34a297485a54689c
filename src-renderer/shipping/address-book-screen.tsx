import { useCallback, useEffect, useState } from 'react';
import { saveAddressSchema, type AddressEntry, type RowProblem } from '../../src-shared/shipping/api';
import type { AddressInput } from '../../src-shared/shipping/address';
import { bridge } from '../bridge';
import { FormMessages } from '../components/form-messages';
import { AddressFields, EMPTY_ADDRESS, fieldErrors, type FieldErrors } from './address-fields';
import { readFileBase64 } from './read-file';
import { call, messageOf } from './shipping-store';

/** Address book: add, edit, delete, search, the default return address, CSV import and export. */
export function AddressBookScreen() {
  const [entries, setEntries] = useState<AddressEntry[] | undefined>();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<string | 'new' | undefined>();
  const [form, setForm] = useState<AddressInput>(EMPTY_ADDRESS);
  const [isDefault, setIsDefault] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problems, setProblems] = useState<RowProblem[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const load = useCallback(async (query: string) => {
    try {
      setEntries((await call(bridge().listAddresses(query ? { q: query } : {}))).addresses);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);
  useEffect(() => {
    call(bridge().listAddresses({}))
      .then((r) => setEntries(r.addresses))
      .catch((e: unknown) => setError(messageOf(e)));
  }, []);

  async function save(): Promise<void> {
    setError(undefined);
    const parsed = saveAddressSchema.safeParse({ ...form, isDefaultReturn: isDefault });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    try {
      await call(
        bridge().saveAddress({
          ...form,
          isDefaultReturn: isDefault,
          ...(editing && editing !== 'new' ? { id: editing } : {}),
        }),
      );
      setNotice(`Saved ${form.name}.`);
      setEditing(undefined);
      await load(q);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function act(action: () => Promise<string | undefined>): Promise<void> {
    setError(undefined);
    setNotice(undefined);
    try {
      setNotice(await action());
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <section aria-labelledby="book-title" className="shipping-screen">
      <h2 id="book-title">Address book</h2>
      <FormMessages error={error} notice={notice} />
      <div className="row">
        <form
          role="search"
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void load(q);
          }}
        >
          <div className="field">
            <label htmlFor="book-q">Search addresses</label>
            <input id="book-q" value={q} onChange={(e) => setQ(e.target.value)} />
          </div>
          <button type="submit">Search</button>
        </form>
        <button
          type="button"
          onClick={() => {
            setEditing('new');
            setForm(EMPTY_ADDRESS);
            setIsDefault(false);
            setErrors({});
          }}
        >
          Add address
        </button>
        <div className="field">
          <label htmlFor="book-import">Import CSV</label>
          <input
            id="book-import"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              void act(async () => {
                setProblems([]);
                const result = await call(bridge().importAddresses(await readFileBase64(file)));
                setProblems(result.problems);
                await load(q);
                return result.problems.length > 0
                  ? `Nothing was imported: fix the ${result.problems.length} row(s) listed and try again.`
                  : `Imported ${result.imported} addresses.`;
              });
            }}
          />
        </div>
        <button
          type="button"
          onClick={() =>
            void act(async () => {
              const saved = await call(bridge().exportAddresses());
              return saved.savedTo ? `Exported to ${saved.savedTo}` : undefined;
            })
          }
        >
          Export CSV
        </button>
      </div>
      {problems.length > 0 ? (
        <ul className="row-problems">
          {problems.map((p) => (
            <li key={p.row}>
              Row {p.row}: {p.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <AddressFields
            id="book"
            legend={editing === 'new' ? 'New address' : 'Edit address'}
            value={form}
            errors={errors}
            onChange={setForm}
          />
          <label className="choice">
            <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} /> Default
            return address
          </label>
          <div className="actions">
            <button type="submit" className="primary">
              Save address
            </button>
            <button type="button" onClick={() => setEditing(undefined)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {entries ? (
        entries.length === 0 ? (
          <p>No saved addresses.</p>
        ) : (
          <ul className="address-list">
            {entries.map((a) => (
              <li key={a.id}>
                <span className="address-block">
                  <strong>{a.name}</strong>
                  {a.isDefaultReturn ? <span className="tag">Default return address</span> : null}
                  {'\n'}
                  {[a.company, a.street1, a.street2, `${a.city} ${a.state} ${a.zip}`].filter(Boolean).join('\n')}
                </span>
                <span>
                  <button
                    type="button"
                    aria-label={`Edit ${a.name}`}
                    onClick={() => {
                      const { id, isDefaultReturn, ...address } = a;
                      setEditing(id);
                      setForm(address);
                      setIsDefault(isDefaultReturn);
                      setErrors({});
                    }}
                  >
                    Edit
                  </button>{' '}
                  <button
                    type="button"
                    aria-label={`Delete ${a.name}`}
                    onClick={() =>
                      void act(async () => {
                        await call(bridge().deleteAddress({ id: a.id }));
                        await load(q);
                        return `Deleted ${a.name}.`;
                      })
                    }
                  >
                    Delete
                  </button>
                </span>
              </li>
            ))}
          </ul>
        )
      ) : (
        <p className="loading">Loading…</p>
      )}
    </section>
  );
}
