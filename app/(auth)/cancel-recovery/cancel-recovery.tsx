'use client';
import { LinkLanding } from '../../_components/link-landing';
import { useTRPCClient } from '../../_lib/trpc';

/** "This wasn't me" from a recovery notice: one press stops the removal of the second factors. */
export function CancelRecovery({ token }: { token: string | null }) {
  const client = useTRPCClient();
  return (
    <LinkLanding
      token={token}
      consume={async (t) => {
        await client.auth.cancelFactorRecovery.mutate({ token: t });
        return { href: '/recovery-cancelled' };
      }}
      from="revert"
      labels={{
        title: 'Keep your second factors',
        body: 'Someone asked for every second factor of your account to be removed because they were lost. Pressing the button cancels that request; nothing else changes.',
        action: 'Cancel the removal',
        pending: 'Cancelling…',
        done: 'Cancelled.',
        failed: 'We could not cancel the removal',
      }}
      unusable={{
        title: 'This link has expired or was already used',
        body: 'The request may already be cancelled, or it took effect. If someone else knows your password, reset it now.',
        action: { href: '/reset-password', label: 'Reset my password' },
      }}
    />
  );
}
