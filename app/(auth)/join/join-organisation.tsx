'use client';
import { chooseOrganisation } from '../../_lib/organisation-store';
import { useTRPCClient } from '../../_lib/trpc';
import { LinkLanding } from '../../_components/link-landing';
import { LinkProblem, Pending } from '../../_components/link-problem';
import { useSession } from '../../_lib/use-session';

export function JoinOrganisation({ token }: { token: string | null }) {
  const client = useTRPCClient();
  const session = useSession();
  // Someone with an account accepts as themselves: wait until this tab knows whether it is signed in.
  if (session.status === 'loading') return <Pending label="Opening your invitation…" />;
  return (
    <LinkLanding
      token={token}
      consume={async (t) => {
        const accepted = await client.organisation.acceptInvitation.mutate({ token: t });
        if (accepted.kind === 'choose-password') return { passwordToken: accepted.passwordToken };
        // Already has an account: this tab now works in the organisation just joined.
        chooseOrganisation(accepted.organisationId);
        return { href: '/' };
      }}
      from="invite"
      labels={{
        title: 'Join your team on Tasklane',
        body: 'Press the button to accept the invitation. New to Tasklane? Next, you choose your password.',
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
        error.code === 'SIGN_IN_TO_ACCEPT' && token ? (
          <LinkProblem
            title="Sign in to accept"
            body={error.message}
            action={{ href: `/sign-in?next=${encodeURIComponent(`/join?token=${token}`)}`, label: 'Sign in and accept' }}
          />
        ) : null
      }
    />
  );
}
