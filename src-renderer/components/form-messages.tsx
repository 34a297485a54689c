/**
 * Error and notice lines of a form. They live in aria-live regions so screen
 * readers announce them the moment they appear.
 */
export function FormMessages({ error, notice }: { error?: string | undefined; notice?: string | undefined }) {
  return (
    <>
      <div role="alert" aria-live="assertive" className="error-slot">
        {error ? <p className="error">{error}</p> : null}
      </div>
      <div role="status" aria-live="polite" className="notice-slot">
        {notice ? <p className="notice">{notice}</p> : null}
      </div>
    </>
  );
}
