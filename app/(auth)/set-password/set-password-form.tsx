'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { normalisePassword, passwordProblem } from '@/server/auth/password-rules';
import { Field } from '../../_components/field';
import { FormAlert } from '../../_components/form-alert';
import { LinkProblem, Pending } from '../../_components/link-problem';
import { SecondStepForm } from '../../_components/second-step-form';
import { SubmitButton } from '../../_components/submit-button';
import type { SecondStepReply, SessionReply } from '../../_lib/api-types';
import { describeError } from '../../_lib/errors';
import { establishSession } from '../../_lib/session-store';
import { useTRPC, useTRPCClient } from '../../_lib/trpc';

const expired = {
  title: 'This link has expired or was already used',
  body: 'Password links work once and for one hour. Ask for a new one and use the newest email.',
  action: { href: '/reset-password', label: 'Request a new link' },
};

function checkLocally(password: string, confirm: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const problem = passwordProblem(normalisePassword(password));
  if (problem) errors['password'] = problem;
  if (confirm !== password) errors['confirm'] = 'The two passwords do not match.';
  return errors;
}

export function SetPasswordForm({ token, isNewAccount }: { token: string | null; isNewAccount: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const check = useQuery({
    queryKey: ['verifyPasswordToken', token],
    queryFn: () => client.auth.verifyPasswordToken.mutate({ token: token! }),
    enabled: Boolean(token),
    staleTime: Infinity,
  });
  const [secondStep, setSecondStep] = useState<SecondStepReply | null>(null);
  const signedIn = (session: SessionReply) => {
    establishSession(session);
    router.replace('/');
  };
  const setPasswordMutation = useMutation(
    trpc.auth.setPassword.mutationOptions({
      onSuccess: (reply) => ('secondFactorToken' in reply ? setSecondStep(reply) : signedIn(reply)),
    }),
  );

  if (secondStep) {
    return (
      <SecondStepForm
        step={secondStep}
        intro="Your new password is saved. Your account also has a second factor: confirm it’s you to sign in."
        onSession={signedIn}
      />
    );
  }
  if (!token) return <LinkProblem {...expired} title="This link is incomplete" />;
  if (check.isPending) return <Pending label="Checking your link…" />;
  const serverError = setPasswordMutation.isError ? describeError(setPasswordMutation.error) : null;
  if ((check.isSuccess && !check.data.valid) || serverError?.code === 'INVALID_TOKEN') return <LinkProblem {...expired} />;
  if (check.isError) {
    return (
      <div className="stack">
        <h1>We could not check your link</h1>
        <p role="alert">{describeError(check.error).message}</p>
        <button type="button" className="button button-primary" onClick={() => check.refetch()}>
          Try again
        </button>
      </div>
    );
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    const errors = checkLocally(password, String(form.get('confirm') ?? ''));
    setLocalErrors(errors);
    // A new account names itself here; left empty, others see the email's local part.
    const name = String(form.get('name') ?? '').trim();
    if (Object.keys(errors).length === 0) {
      setPasswordMutation.mutate({ token: token!, password, ...(isNewAccount && name ? { name } : {}) });
    }
  }

  const passwordError =
    localErrors['password'] ??
    serverError?.fieldErrors['password'] ??
    (serverError?.code === 'WEAK_PASSWORD' ? serverError.message : undefined);
  const formError = serverError && !passwordError && serverError.code !== 'WEAK_PASSWORD' ? serverError.message : null;
  return (
    <>
      <h1>{isNewAccount ? 'Choose your password' : 'Choose a new password'}</h1>
      <p className="lead">
        {isNewAccount
          ? 'Your email is confirmed. One last step before you see your tasks.'
          : 'Setting a new password signs you out on every other device.'}
      </p>
      <form method="post" onSubmit={submit} noValidate>
        <FormAlert message={formError} />
        {isNewAccount && (
          <Field
            label="Your name"
            name="name"
            autoComplete="name"
            maxLength={60}
            hint="What your team sees beside your tasks. Left empty, the first part of your email shows; you can change it later."
            error={serverError?.fieldErrors['name']}
          />
        )}
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          required
          hint="At least 8 characters; 15 or more is stronger. A few random words make a good password. No other rules."
          error={passwordError}
        />
        <Field
          label="Confirm password"
          type="password"
          name="confirm"
          autoComplete="new-password"
          required
          error={localErrors['confirm']}
        />
        <SubmitButton pending={setPasswordMutation.isPending} pendingLabel="Saving…">
          Set password
        </SubmitButton>
      </form>
    </>
  );
}
