'use client';
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, type FormEvent } from 'react';
import { Field } from '../../_components/field';
import { FormAlert } from '../../_components/form-alert';
import { SubmitButton } from '../../_components/submit-button';
import { describeError } from '../../_lib/errors';
import { establishSession } from '../../_lib/session-store';
import { useTRPC } from '../../_lib/trpc';
import { useSession } from '../../_lib/use-session';

/** Only a path of this site: an open redirect would let a link send people elsewhere after signing in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export function SignInForm({ next }: { next: string | null }) {
  const trpc = useTRPC();
  const destination = safeNext(next);
  const router = useRouter();
  const session = useSession();
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: (reply) => {
        establishSession(reply);
        router.replace(destination);
      },
    }),
  );

  useEffect(() => {
    if (session.status === 'signed-in' && signIn.isIdle) router.replace(destination);
  }, [session.status, signIn.isIdle, router, destination]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') });
  }

  const error = signIn.isError ? describeError(signIn.error) : null;
  return (
    <>
      <h1>Sign in</h1>
      <p className="lead">Welcome back to Tasklane.</p>
      <form method="post" onSubmit={submit} noValidate>
        <FormAlert message={error && Object.keys(error.fieldErrors).length === 0 ? error.message : null} />
        <Field
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          inputMode="email"
          required
          maxLength={254}
          error={error?.fieldErrors['email']}
        />
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          error={error?.fieldErrors['password']}
          aside={<Link href="/reset-password">Forgot password?</Link>}
        />
        <SubmitButton pending={signIn.isPending || signIn.isSuccess} pendingLabel="Signing in…">
          Sign in
        </SubmitButton>
      </form>
      <p className="card-footer">
        New to Tasklane? <Link href="/sign-up">Create an account</Link>
      </p>
    </>
  );
}
