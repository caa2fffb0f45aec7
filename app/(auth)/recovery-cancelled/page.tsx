import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Removal cancelled' };

export default function RecoveryCancelledPage() {
  return (
    <div className="stack">
      <h1>Nothing will be removed</h1>
      <p>Your authenticator app, passkeys and recovery codes stay as they are.</p>
      <p>
        If you did not ask for the removal, someone knows your password: <Link href="/reset-password">choose a new one</Link>.
      </p>
    </div>
  );
}
