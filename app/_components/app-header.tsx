'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import { signOut } from '../_lib/session-store';
import { useTRPC } from '../_lib/trpc';
import { Brand } from './brand';
import { OrganisationSwitcher } from './organisation-switcher';

export function AppHeader({ email }: { email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  const [signingOut, setSigningOut] = useState(false);

  async function onSignOut() {
    setSigningOut(true);
    try {
      await signOut();
    } finally {
      router.replace('/sign-in');
    }
  }

  return (
    <header className="app-header">
      <div className="app-header-inner">
        <Brand />
        <nav className="nav" aria-label="Main">
          <Link href="/" aria-current={pathname === '/' ? 'page' : undefined}>
            Tasks
          </Link>
          <Link href="/members" aria-current={pathname === '/members' ? 'page' : undefined}>
            Members
          </Link>
          <Link href="/settings" aria-current={pathname === '/settings' ? 'page' : undefined}>
            Settings
          </Link>
          <Link href="/account" aria-current={pathname === '/account' ? 'page' : undefined}>
            Account
          </Link>
        </nav>
        <div className="who">
          <span className="who-person">
            {me.data && <strong data-testid="user-name">{me.data.user.name}</strong>}
            <span data-testid="user-email" className="who-email">
              {email}
            </span>
          </span>
          <OrganisationSwitcher organisations={me.data?.organisations} />
        </div>
        <button type="button" className="button button-secondary" onClick={onSignOut} disabled={signingOut}>
          {signingOut && <span className="spinner" aria-hidden="true" />}
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </header>
  );
}
