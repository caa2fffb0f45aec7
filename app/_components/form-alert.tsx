/** A message about the whole form, read out by screen readers when it appears. */
export function FormAlert({ message, tone = 'error' }: { message: string | null; tone?: 'error' | 'ok' }) {
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} aria-live={tone === 'error' ? 'assertive' : 'polite'}>
      {message && <div className={`alert alert-${tone}`}>{message}</div>}
    </div>
  );
}
