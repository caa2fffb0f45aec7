'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { FormEvent } from 'react';
import { LinkProblem, Pending } from '../../_components/link-problem';
import { SubmitButton } from '../../_components/submit-button';
import { describeError } from '../../_lib/errors';
import { useTRPCClient } from '../../_lib/trpc';

const unusable = {
  title: 'This link has expired or was already used',
  body: 'Email change links work once and for one hour, and only the newest one does. Ask again from your account page.',
  action: { href: '/account', label: 'Go to your account' },
};

/**
 * Where the link sent to a new address lands. It shows the change and makes it only when the
 * button is pressed: mail scanners open links too.
 */
export function ConfirmEmailChange({ token }: { token: string | null }) {
  const client = useTRPCClient();
  const peek = useQuery({
    queryKey: ['peekEmailChange', token],
    queryFn: () => client.account.peekEmailChange.mutate({ token: token! }),
    enabled: Boolean(token),
    staleTime: Infinity,
    retry: false,
  });
  const confirm = useMutation({ mutationFn: (t: string) => client.account.confirmEmailChange.mutate({ token: t }) });

  if (!token) return <LinkProblem {...unusable} title="This link is incomplete" />;
  if (confirm.isSuccess) {
    return (
      <div className="stack">
        <h1>Your email is changed</h1>
        <p role="status">
          You now sign in with <strong>{confirm.data.email}</strong>. Every other session was signed out, and we told your old
          address.
        </p>
        <Link href="/" className="button button-primary">
          Continue to Tasklane
        </Link>
      </div>
    );
  }
  if (peek.isPending) return <Pending label="Checking your link…" />;
  const error = confirm.isError ? describeError(confirm.error) : peek.isError ? describeError(peek.error) : null;
  if (error?.code === 'INVALID_TOKEN' || error?.fieldErrors['token']) return <LinkProblem {...unusable} />;
  if (error?.code === 'EMAIL_TAKEN') {
    return <LinkProblem {...unusable} title="That address is taken" body={error.message} />;
  }
  if (!peek.data) {
    return (
      <div className="stack">
        <h1>We could not check your link</h1>
        <p role="alert">{error?.message}</p>
        <button type="button" className="button button-primary" onClick={() => peek.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate(token);
  };
  return (
    <form className="stack" onSubmit={submit}>
      <h1>Confirm your new email</h1>
      <p>
        Your Tasklane account will sign in with <strong>{peek.data.newEmail}</strong> from now on. Every other session is signed
        out.
      </p>
      {error && <p role="alert">{error.message}</p>}
      <SubmitButton pending={confirm.isPending} pendingLabel="Changing your email…">
        Confirm the change
      </SubmitButton>
    </form>
  );
}
