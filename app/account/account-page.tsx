'use client';
import { SignedIn } from '../_components/signed-in';
import { ActivityPanel } from './activity-panel';
import { DataPanel } from './data-panel';
import { DeletePanel } from './delete-panel';
import { EmailPanel } from './email-panel';
import { FactorGrantProvider, GrantBanner } from './factor-grant';
import { NamePanel } from './name-panel';
import { NotificationsPanel } from './notifications-panel';
import { PasswordPanel } from './password-panel';
import { PasskeysPanel } from './passkeys-panel';
import { SecondFactorPanel } from './second-factor-panel';
import { SessionsPanel } from './sessions-panel';

export function AccountPage() {
  return (
    <SignedIn organisation={false}>
      {(user) => (
        <FactorGrantProvider>
          <main className="page stack">
            <h1>Account</h1>
            <GrantBanner />
            <NamePanel />
            <SessionsPanel />
            <PasswordPanel />
            <SecondFactorPanel />
            <PasskeysPanel />
            <EmailPanel email={user.email} />
            <NotificationsPanel />
            <ActivityPanel />
            <DataPanel />
            <DeletePanel />
          </main>
        </FactorGrantProvider>
      )}
    </SignedIn>
  );
}
