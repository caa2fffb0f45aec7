'use client';
import { LinkLanding } from '../../_components/link-landing';
import { useTRPCClient } from '../../_lib/trpc';

/** "This wasn't me" from the old address: undo the email change, sign out everyone, choose a new password. */
export function RevertEmail({ token }: { token: string | null }) {
  const client = useTRPCClient();
  return (
    <LinkLanding
      token={token}
      consume={(t) => client.account.revertEmailChange.mutate({ token: t })}
      from="revert"
      labels={{
        title: 'Take back your account',
        body: 'Pressing the button stops the email change (or puts this address back), signs out every session, and asks you for a new password: whoever made the change knew the current one.',
        action: 'Undo the change and secure my account',
        pending: 'Securing your account…',
        done: 'Done. Opening the password form…',
        failed: 'We could not undo the change',
      }}
      unusable={{
        title: 'This link has expired or was already used',
        body: 'Undo links work once, for 7 days, and only the newest one does. If someone else controls your account, reset your password from the sign-in page.',
        action: { href: '/reset-password', label: 'Reset my password' },
      }}
    />
  );
}
