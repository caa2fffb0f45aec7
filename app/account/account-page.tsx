'use client';
import { SignedIn } from '../_components/signed-in';
import { SessionsPanel } from './sessions-panel';

export function AccountPage() {
  return (
    <SignedIn>
      {() => (
        <main className="page stack">
          <h1>Account</h1>
          <SessionsPanel />
        </main>
      )}
    </SignedIn>
  );
}
