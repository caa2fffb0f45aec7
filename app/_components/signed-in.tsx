'use client';
import { useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import type { SessionState } from '../_lib/session-store';
import { useSession } from '../_lib/use-session';
import { AppHeader } from './app-header';
import { OrganisationGate } from './organisation-gate';

/**
 * Renders its children only for a signed-in person: while the session is being restored a
 * neutral skeleton shows, and a signed-out person is sent to sign in, so nothing private
 * ever flashes.
 */
export function SignedIn({
  children,
  organisation = true,
}: {
  children: (user: NonNullable<SessionState['user']>) => ReactNode;
  /** Whether the page works in an organisation (the account page does not). */
  organisation?: boolean;
}) {
  const session = useSession();
  const router = useRouter();
  useEffect(() => {
    if (session.status === 'signed-out') router.replace('/sign-in');
  }, [session.status, router]);

  if (session.status !== 'signed-in' || !session.user) {
    return (
      <div aria-busy="true">
        <div className="app-header">
          <div className="app-header-inner">
            <div className="skeleton skeleton-brand" />
          </div>
        </div>
        <p className="visually-hidden" role="status">
          {session.status === 'signed-out' ? 'Redirecting to sign in…' : 'Loading…'}
        </p>
      </div>
    );
  }
  return (
    <>
      <AppHeader email={session.user.email} />
      {organisation ? <OrganisationGate>{children(session.user)}</OrganisationGate> : children(session.user)}
    </>
  );
}
