'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { describeError, type Described } from '../_lib/errors';
import { LinkProblem, Pending } from './link-problem';

interface LinkLandingProps {
  token: string | null;
  /** Consumes the link's token and returns a password token for the next step. */
  consume: (token: string) => Promise<{ passwordToken: string }>;
  from: 'verify' | 'invite';
  labels: { pending: string; done: string; failed: string };
  unusable: { title: string; body: string; action: { href: string; label: string } };
  /** A page of its own for particular errors; null for the standard ones. */
  special?: (error: Described) => ReactNode;
}

/** Where an emailed link lands: it uses the token once, then moves on to choosing a password. */
export function LinkLanding({ token, consume, from, labels, unusable, special }: LinkLandingProps) {
  const router = useRouter();
  const use = useMutation({
    mutationFn: consume,
    onSuccess: ({ passwordToken }) => router.replace(`/set-password?token=${encodeURIComponent(passwordToken)}&from=${from}`),
  });
  const { mutate, isIdle } = use;
  useEffect(() => {
    if (token && isIdle) mutate(token);
  }, [token, isIdle, mutate]);

  if (!token) return <LinkProblem {...unusable} title="This link is incomplete" />;
  if (use.isError) {
    const error = describeError(use.error);
    const own = special?.(error);
    if (own) return own;
    if (error.code === 'INVALID_TOKEN' || error.fieldErrors['token']) return <LinkProblem {...unusable} />;
    return (
      <div className="stack">
        <h1>{labels.failed}</h1>
        <p role="alert">{error.message}</p>
        <button type="button" className="button button-primary" onClick={() => use.mutate(token)}>
          Try again
        </button>
      </div>
    );
  }
  return <Pending label={use.isSuccess ? labels.done : labels.pending} />;
}
