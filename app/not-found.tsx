import type { Metadata } from 'next';
import Link from 'next/link';
import { Brand } from './_components/brand';

export const metadata: Metadata = { title: 'Page not found' };

// Next's built-in 404 page styles itself inline, which the Content-Security-Policy (proxy.ts) refuses.
export default function NotFound() {
  return (
    <div className="auth-shell">
      <Brand />
      <main className="card stack">
        <h1>Page not found</h1>
        <p className="muted">There is no page at this address. It may have moved, or the link may be mistyped.</p>
        <p>
          <Link href="/">Go to your tasks</Link>
        </p>
      </main>
    </div>
  );
}
