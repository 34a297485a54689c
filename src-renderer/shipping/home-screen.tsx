import { useEffect, useState } from 'react';
import type { Label } from '../../src-shared/shipping/api';
import { bridge } from '../bridge';
import { FormMessages } from '../components/form-messages';
import { LabelTable } from './label-table';
import { call, messageOf, useShipping } from './shipping-store';

/** Home: the balance, the most recent labels, and the way to create one. */
export function HomeScreen() {
  const { go } = useShipping();
  const [recent, setRecent] = useState<Label[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    call(bridge().listLabels({ limit: 5 }))
      .then((list) => setRecent(list.labels))
      .catch((e: unknown) => setError(messageOf(e)));
  }, []);
  return (
    <section aria-labelledby="home-title" className="shipping-screen">
      <h2 id="home-title">Ship a package</h2>
      <FormMessages error={error} />
      <p>
        <button
          type="button"
          className="primary"
          onClick={() => useShipping.setState({ template: undefined, screen: 'create' })}
        >
          Create a label
        </button>{' '}
        <button type="button" onClick={() => go('batch')}>
          Batch labels from a file
        </button>
      </p>
      <h3>Recent labels</h3>
      {recent ? <LabelTable labels={recent} /> : <p className="loading">Loading…</p>}
    </section>
  );
}
