'use client';
import { SignedIn } from './signed-in';

export function Home() {
  return (
    <SignedIn>
      {(user) => (
        <main className="page">
          <section className="panel">
            <h1>Welcome, {user.email}</h1>
            <p className="muted">You are signed in. Shared task lists for your organisation arrive here next.</p>
          </section>
        </main>
      )}
    </SignedIn>
  );
}
