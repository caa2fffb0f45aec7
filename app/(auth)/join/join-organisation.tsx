'use client';
import { useTRPCClient } from '../../_lib/trpc';
import { LinkLanding } from '../../_components/link-landing';
import { LinkProblem } from '../../_components/link-problem';

export function JoinOrganisation({ token }: { token: string | null }) {
  const client = useTRPCClient();
  return (
    <LinkLanding
      token={token}
      consume={(t) => client.organisation.acceptInvitation.mutate({ token: t })}
      from="invite"
      labels={{
        title: 'Join your team on Tasklane',
        body: 'Press the button to accept the invitation. Next, you choose your password.',
        action: 'Accept the invitation',
        pending: 'Accepting your invitation…',
        done: 'Invitation accepted. Opening the password form…',
        failed: 'We could not accept the invitation',
      }}
      unusable={{
        title: 'This invitation can no longer be used',
        body: 'Invitations work once and expire after seven days, and the person who sent it may have withdrawn it. Ask them for a new one.',
        action: { href: '/sign-in', label: 'Go to sign in' },
      }}
      special={(error) =>
        error.code === 'HAS_ACCOUNT' ? (
          <LinkProblem title="You already have an account" body={error.message} action={{ href: '/sign-in', label: 'Sign in' }} />
        ) : null
      }
    />
  );
}
