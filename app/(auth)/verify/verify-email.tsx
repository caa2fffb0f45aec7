'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { LinkProblem, Pending } from '../../_components/link-problem';
import { describeError } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';

const expired = {
  title: 'This link has expired or was already used',
  body: 'Confirmation links work once and for one hour. Sign up again with the same email and we will send you a fresh one.',
  action: { href: '/sign-up', label: 'Get a new link' },
};

export function VerifyEmail({ token }: { token: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const verify = useMutation(
    trpc.auth.verifyEmail.mutationOptions({
      onSuccess: ({ passwordToken }) => router.replace(`/set-password?token=${encodeURIComponent(passwordToken)}&from=verify`),
    }),
  );
  const { mutate, isIdle } = verify;

  useEffect(() => {
    if (token && isIdle) mutate({ token });
  }, [token, isIdle, mutate]);

  if (!token) return <LinkProblem {...expired} title="This link is incomplete" />;
  if (verify.isError) {
    const error = describeError(verify.error);
    if (error.code === 'INVALID_TOKEN' || error.fieldErrors['token']) return <LinkProblem {...expired} />;
    return (
      <div className="stack">
        <h1>We could not confirm your email</h1>
        <p role="alert">{error.message}</p>
        <button type="button" className="button button-primary" onClick={() => verify.mutate({ token })}>
          Try again
        </button>
      </div>
    );
  }
  return <Pending label={verify.isSuccess ? 'Email confirmed. Opening the password form…' : 'Confirming your email…'} />;
}
