import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Account deleted' };

export default function AccountDeleted() {
  return (
    <div className="stack">
      <h1>Your account is deleted</h1>
      <p>
        Your account, its sessions and its security activity are gone. We sent a confirmation to your address. You are welcome
        back at any time.
      </p>
      <Link href="/sign-up" className="button button-primary">
        Create a new account
      </Link>
    </div>
  );
}
