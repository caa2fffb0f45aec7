'use client';
import { useSyncExternalStore, type ReactNode } from 'react';

const noop = () => () => {};

/** True once React runs in the browser; false in the server HTML and during hydration. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}

/**
 * A primary button that shows its pending state and cannot be pressed twice. It is disabled
 * until the page is hydrated, so that an early click cannot submit the form natively.
 */
export function SubmitButton({
  pending,
  pendingLabel,
  children,
}: {
  pending: boolean;
  pendingLabel: string;
  children: ReactNode;
}) {
  const hydrated = useHydrated();
  return (
    <button type="submit" className="button button-primary button-block" disabled={pending || !hydrated} aria-disabled={pending}>
      {pending && <span className="spinner" aria-hidden="true" />}
      {pending ? pendingLabel : children}
    </button>
  );
}
