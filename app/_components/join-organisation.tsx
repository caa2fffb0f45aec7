'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { LinkProblem, Pending } from './link-problem';

const unusable = {
  title: 'This invitation can no longer be used',
  body: 'Invitations work once and expire after seven days, and the person who sent it may have withdrawn it. Ask them for a new one.',
  action: { href: '/sign-in', label: 'Go to sign in' },
};

export function JoinOrganisation({ token }: { token: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(
    trpc.organisation.acceptInvitation.mutationOptions({
      onSuccess: ({ passwordToken }) => router.replace(`/set-password?token=${encodeURIComponent(passwordToken)}&from=invite`),
    }),
  );
  const { mutate, isIdle } = accept;
  useEffect(() => {
    if (token && isIdle) mutate({ token });
  }, [token, isIdle, mutate]);

  if (!token) return <LinkProblem {...unusable} title="This invitation link is incomplete" />;
  if (accept.isError) {
    const error = describeError(accept.error);
    if (error.code === 'HAS_ACCOUNT')
      return (
        <LinkProblem title="You already have an account" body={error.message} action={{ href: '/sign-in', label: 'Sign in' }} />
      );
    if (error.code === 'INVALID_TOKEN' || error.fieldErrors['token']) return <LinkProblem {...unusable} />;
    return (
      <div className="stack">
        <h1>We could not accept the invitation</h1>
        <p role="alert">{error.message}</p>
        <button type="button" className="button button-primary" onClick={() => accept.mutate({ token })}>
          Try again
        </button>
      </div>
    );
  }
  return <Pending label={accept.isSuccess ? 'Invitation accepted. Opening the password form…' : 'Accepting your invitation…'} />;
}
