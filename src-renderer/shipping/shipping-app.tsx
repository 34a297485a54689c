/**
 * The shipping application behind sign-in (addresses, packages, rates,
 * labels, history). The signed-in shell renders it in its main area.
 */
export function ShippingApp() {
  return (
    <section aria-labelledby="shipping-title">
      <h2 id="shipping-title">Ship a package</h2>
      <p>Create a label, check your history, or manage your addresses.</p>
    </section>
  );
}
