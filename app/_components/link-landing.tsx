'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent, ReactNode } from 'react';
import { describeError, type Described } from '../_lib/errors';
import { LinkProblem, Pending } from './link-problem';
import { SubmitButton } from './submit-button';

interface LinkLandingProps {
  token: string | null;
  /** Consumes the link's token and says where to go next: a password token, or a page. */
  consume: (token: string) => Promise<{ passwordToken: string } | { href: string }>;
  from: 'verify' | 'invite' | 'revert';
  labels: { title: string; body: string; action: string; pending: string; done: string; failed: string };
  unusable: { title: string; body: string; action: { href: string; label: string } };
  /** A page of its own for particular errors; null for the standard ones. */
  special?: (error: Described) => ReactNode;
}

/**
 * Where an emailed link lands. The token is used only when the person presses the button:
 * mail scanners and link previews open pages too, and must not use up anyone's link.
 */
export function LinkLanding({ token, consume, from, labels, unusable, special }: LinkLandingProps) {
  const router = useRouter();
  const use = useMutation({
    mutationFn: consume,
    onSuccess: (next) =>
      router.replace('href' in next ? next.href : `/set-password?token=${encodeURIComponent(next.passwordToken)}&from=${from}`),
  });

  if (!token) return <LinkProblem {...unusable} title="This link is incomplete" />;
  if (use.isSuccess) return <Pending label={labels.done} />;
  const error = use.isError ? describeError(use.error) : null;
  if (error) {
    const own = special?.(error);
    if (own) return own;
    if (error.code === 'INVALID_TOKEN' || error.fieldErrors['token']) return <LinkProblem {...unusable} />;
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    use.mutate(token);
  };
  return (
    <form className="stack" onSubmit={submit}>
      <h1>{error ? labels.failed : labels.title}</h1>
      {error ? <p role="alert">{error.message}</p> : <p>{labels.body}</p>}
      <SubmitButton pending={use.isPending} pendingLabel={labels.pending}>
        {error ? 'Try again' : labels.action}
      </SubmitButton>
    </form>
  );
}
