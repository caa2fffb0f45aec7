'use client';
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import type { SecondStepReply, SessionReply } from '../_lib/api-types';
import { describeError } from '../_lib/errors';
import { proveWithPasskey } from '../_lib/passkey';
import { useTRPC, useTRPCClient } from '../_lib/trpc';
import { Field } from './field';
import { FormAlert } from './form-alert';
import { SubmitButton } from './submit-button';

/**
 * The second step of a sign-in: a code from the authenticator app, or a recovery code.
 * A wrong code keeps the step open (the server counts wrong codes); an expired step sends
 * the person back to sign in.
 */
export function SecondStepForm({
  step,
  intro,
  onSession,
}: {
  step: SecondStepReply;
  intro: string;
  onSession: (reply: SessionReply) => void;
}) {
  const { secondFactorToken: token, methods, recoveryWaitHours } = step;
  const trpc = useTRPC();
  const client = useTRPCClient();
  // Without an authenticator app, the code field is for a recovery code from the start.
  const [useRecovery, setUseRecovery] = useState(!methods.authenticator);
  const complete = useMutation(trpc.auth.completeSignIn.mutationOptions({ onSuccess: onSession }));
  const [lost, setLost] = useState(false);
  const recovery = useMutation(trpc.auth.requestFactorRecovery.mutationOptions());
  const passkey = useMutation({
    mutationFn: async () => {
      const response = await proveWithPasskey(await client.auth.secondStepPasskeyOptions.mutate({ token }));
      return client.auth.completeSignIn.mutate({ token, passkey: response });
    },
    onSuccess: onSession,
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = String(new FormData(event.currentTarget).get('secret') ?? '');
    complete.mutate(useRecovery ? { token, recoveryCode: typed } : { token, code: typed });
  }

  if (recovery.isSuccess) {
    return (
      <div className="stack">
        <h1>Recovery requested</h1>
        <p role="status">
          Your second factors will be removed on {new Date(recovery.data.effectiveAt).toLocaleString()}, unless the request is
          cancelled. We emailed you about it, with a link to cancel. Then every session ends and we email you a link to choose a
          new password.
        </p>
        <p>If you find your phone or your recovery codes before then, just sign in with them: that cancels the request.</p>
      </div>
    );
  }
  if (lost) {
    const recoveryError = recovery.isError ? describeError(recovery.error) : null;
    return (
      <div className="stack">
        <h1>Lost every second factor?</h1>
        <p>
          Without your authenticator app, a passkey or a recovery code, we can remove your second factors, but only after a
          {recoveryWaitHours}-hour wait. We email your address now and at every sign-in meanwhile, each time with a link to
          cancel: if someone else knows your password, you will have time to stop them.
        </p>
        <FormAlert message={recoveryError?.message ?? null} />
        <button
          type="button"
          className="button button-primary button-block"
          disabled={recovery.isPending}
          onClick={() => recovery.mutate({ token })}
        >
          {recovery.isPending ? 'Requesting…' : `Remove my second factors after ${recoveryWaitHours} hours`}
        </button>
        <button type="button" className="link-button" onClick={() => setLost(false)}>
          Back
        </button>
      </div>
    );
  }
  const error = complete.isError
    ? describeError(complete.error)
    : passkey.isError && 'data' in passkey.error
      ? describeError(passkey.error)
      : null;
  const passkeyCancelled = passkey.isError && !('data' in passkey.error);
  if (error?.code === 'SECOND_STEP_EXPIRED') {
    return (
      <div className="stack">
        <h1>Sign in again</h1>
        <p role="alert">{error.message}</p>
        <Link className="button button-primary" href="/sign-in">
          Sign in
        </Link>
      </div>
    );
  }
  const fieldError =
    error?.fieldErrors['code'] ??
    error?.fieldErrors['recoveryCode'] ??
    (error?.code === 'WRONG_CODE' ? error.message : undefined);
  return (
    <>
      <h1>Confirm it’s you</h1>
      <p className="lead">{intro}</p>
      <form method="post" onSubmit={submit} noValidate key={useRecovery ? 'recovery' : 'code'}>
        <FormAlert message={error && !fieldError ? error.message : null} />
        {useRecovery ? (
          <Field
            label="Recovery code"
            name="secret"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            hint="One of the ten codes you saved when you set up your second factor. Each works once."
            error={fieldError}
          />
        ) : (
          <Field
            label="Code from your authenticator app"
            name="secret"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            required
            autoFocus
            hint="The 6-digit code your app shows for Tasklane."
            error={fieldError}
          />
        )}
        <SubmitButton pending={complete.isPending || complete.isSuccess} pendingLabel="Checking…">
          Continue
        </SubmitButton>
      </form>
      {methods.passkey && (
        <div className="stack or-divider">
          <FormAlert message={passkeyCancelled ? 'The passkey was not used. Try again, or enter a code.' : null} />
          <button
            type="button"
            className="button button-secondary button-block"
            disabled={passkey.isPending || passkey.isSuccess}
            onClick={() => {
              complete.reset();
              passkey.mutate();
            }}
          >
            {passkey.isPending ? 'Waiting for your passkey…' : 'Use a passkey'}
          </button>
        </div>
      )}
      {(methods.authenticator || !useRecovery) && (
        <p className="card-footer">
          <button
            type="button"
            className="link-button"
            onClick={() => {
              complete.reset();
              setUseRecovery(!useRecovery);
            }}
          >
            {useRecovery ? 'Use a code from my app instead' : 'Use a recovery code instead'}
          </button>
        </p>
      )}
      <p>
        <button type="button" className="link-button" onClick={() => setLost(true)}>
          Lost your phone, your passkeys and your recovery codes?
        </button>
      </p>
    </>
  );
}
