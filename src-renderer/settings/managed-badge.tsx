/** The lock shown beside a value IT set: the user sees why it cannot be changed. */
export function ManagedBadge({ id }: { id?: string }) {
  return (
    <span className="managed-badge" id={id}>
      <span aria-hidden="true">🔒 </span>Managed by your organization
    </span>
  );
}
