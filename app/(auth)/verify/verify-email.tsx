'use client';
import { LinkLanding } from '../../_components/link-landing';
import { useTRPCClient } from '../../_lib/trpc';

export function VerifyEmail({ token }: { token: string | null }) {
  const client = useTRPCClient();
  return (
    <LinkLanding
      token={token}
      consume={(t) => client.auth.verifyEmail.mutate({ token: t })}
      from="verify"
      labels={{
        title: 'Confirm your email',
        body: 'Press the button to confirm this address. Next, you choose your password.',
        action: 'Confirm my email',
        pending: 'Confirming your email…',
        done: 'Email confirmed. Opening the password form…',
        failed: 'We could not confirm your email',
      }}
      unusable={{
        title: 'This link has expired or was already used',
        body: 'Confirmation links work once and for one hour. Sign up again with the same email and we will send you a fresh one.',
        action: { href: '/sign-up', label: 'Get a new link' },
      }}
    />
  );
}
