/** The lock shown beside a value IT set: the user sees why it cannot be changed. */
export function ManagedBadge({ id }: { id?: string }) {
  return (
    <span className="managed-badge" id={id}>
      <svg aria-hidden="true" focusable="false" width="12" height="14" viewBox="0 0 12 14">
        <path d="M3 6V4a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <rect x="1" y="6" width="10" height="8" rx="1.5" fill="currentColor" />
      </svg>{' '}
      Managed by your organization
    </span>
  );
}
