/**
 * A grey placeholder while data loads, announced to screen readers by its label. The label
 * sits in a status region: `aria-label` on a plain div is not allowed (axe: aria-prohibited-attr).
 */
export function LoadingBlock({ label, page = false }: { label: string; page?: boolean }) {
  return (
    <div className={page ? 'skeleton skeleton-list page' : 'skeleton skeleton-list'} role="status">
      <span className="visually-hidden">{label}</span>
    </div>
  );
}
