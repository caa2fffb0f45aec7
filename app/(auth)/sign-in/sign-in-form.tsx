'use client';
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { Field } from '../../_components/field';
import { FormAlert } from '../../_components/form-alert';
import { SecondStepForm } from '../../_components/second-step-form';
import { SubmitButton } from '../../_components/submit-button';
import type { SecondStepReply, SessionReply } from '../../_lib/api-types';
import { describeError } from '../../_lib/errors';
import { establishSession } from '../../_lib/session-store';
import { useTRPC, useTRPCClient } from '../../_lib/trpc';
import { browserSupportsWebAuthnAutofill, WebAuthnAbortService } from '@simplewebauthn/browser';
import { proveWithPasskey } from '../../_lib/passkey';
import { useSession } from '../../_lib/use-session';
import { safeNext } from '../../_lib/safe-next';

export function SignInForm({ next }: { next: string | null }) {
  const trpc = useTRPC();
  // Resolved when it is used, in the browser: the server render has no origin to resolve against.
  const destination = () => safeNext(next, window.location.origin);
  const router = useRouter();
  const session = useSession();
  const client = useTRPCClient();
  const [secondStep, setSecondStep] = useState<SecondStepReply | null>(null);
  const signedIn = (reply: SessionReply) => {
    establishSession(reply);
    router.replace(destination());
  };
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: (reply) => {
        // The password was right: the email field's passkey offer has done its part.
        WebAuthnAbortService.cancelCeremony();
        if ('secondFactorToken' in reply) setSecondStep(reply);
        else signedIn(reply);
      },
    }),
  );
  // A passkey: from the button, or offered by the browser in the email field's autofill.
  const passkey = useMutation({
    mutationFn: async (autofill: boolean) => {
      const response = await proveWithPasskey(await client.auth.passkeyOptions.mutate(), { autofill });
      return client.auth.signInWithPasskey.mutate({ response });
    },
    onSuccess: signedIn,
  });
  const startPasskey = passkey.mutate;
  useEffect(() => {
    let cancelled = false;
    void browserSupportsWebAuthnAutofill().then((supported) => {
      if (supported && !cancelled) startPasskey(true);
    });
    return () => {
      cancelled = true;
      WebAuthnAbortService.cancelCeremony();
    };
  }, [startPasskey]);

  useEffect(() => {
    if (session.status === 'signed-in' && signIn.isIdle) router.replace(safeNext(next, window.location.origin));
  }, [session.status, signIn.isIdle, router, next]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') });
  }

  if (secondStep) {
    return (
      <SecondStepForm
        step={secondStep}
        intro="Your password was right. Confirm it’s you with your second factor."
        onSession={signedIn}
      />
    );
  }
  const error = signIn.isError ? describeError(signIn.error) : null;
  // A cancelled or absent passkey prompt is not an error worth showing; a refused passkey is.
  const passkeyError = passkey.isError && 'data' in passkey.error ? describeError(passkey.error).message : null;
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
          autoComplete="username webauthn"
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
        <SubmitButton pending={signIn.isPending} pendingLabel="Signing in…">
          Sign in
        </SubmitButton>
      </form>
      <div className="stack or-divider">
        <FormAlert message={passkeyError} />
        <button
          type="button"
          className="button button-secondary button-block"
          disabled={passkey.isPending && passkey.variables === false}
          onClick={() => startPasskey(false)}
        >
          {passkey.isPending && passkey.variables === false ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
        </button>
      </div>
      <p className="card-footer">
        New to Tasklane? <Link href="/sign-up">Create an account</Link>
      </p>
    </>
  );
}
