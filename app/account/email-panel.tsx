'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field } from '../_components/field';
import { FormAlert } from '../_components/form-alert';
import { SubmitButton } from '../_components/submit-button';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { stepUpError, useStepUp } from '../_components/step-up-field';
import { CurrentPasswordField, currentPasswordError } from '../_components/current-password-field';

/** Asks for a new address: it changes only once a link sent there is opened and confirmed. */
export function EmailPanel({ email }: { email: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const request = useMutation(
    trpc.account.requestEmailChange.mutationOptions({
      onSuccess: (_reply, input) => {
        setSentTo(input.newEmail.trim().toLowerCase());
        setFormKey((k) => k + 1);
        void queryClient.invalidateQueries({ queryKey: trpc.account.activity.queryKey() });
      },
    }),
  );
  const withdraw = useMutation(
    trpc.account.withdrawEmailChange.mutationOptions({
      onSuccess: () => {
        setSentTo(null);
        void queryClient.invalidateQueries({ queryKey: trpc.account.activity.queryKey() });
      },
    }),
  );
  const serverError = request.isError ? describeError(request.error) : null;
  const stepUp = useStepUp();
  const [stepUpProblem, setStepUpProblem] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void stepUp.proof(form).then((proof) => {
      setStepUpProblem('problem' in proof ? proof.problem : null);
      if ('input' in proof) {
        request.mutate({
          newEmail: String(form.get('newEmail') ?? ''),
          password: String(form.get('password') ?? ''),
          ...proof.input,
        });
      }
    });
  }

  const emailError =
    serverError?.fieldErrors['newEmail'] ?? (serverError?.code === 'SAME_EMAIL' ? serverError.message : undefined);
  const passwordError = currentPasswordError(serverError);
  const codeError = stepUpProblem ?? stepUpError(serverError);
  const formError = serverError && !emailError && !passwordError && !codeError ? serverError.message : null;

  return (
    <section className="panel stack" aria-labelledby="email-heading">
      <h2 id="email-heading">Change your email</h2>
      <p className="muted">
        You sign in with <strong>{email}</strong>. We send a link to the new address; the change happens only when you open it and
        confirm. We also tell {email}, with a link to undo it.
      </p>
      <FormAlert
        tone="ok"
        message={
          sentTo
            ? `Check ${sentTo}: open the link we sent within an hour to confirm the change. Until then, nothing has changed.`
            : withdraw.isSuccess
              ? 'The change was withdrawn: the link sent to the new address no longer works.'
              : null
        }
      />
      {sentTo && (
        <div>
          <button
            type="button"
            className="button button-secondary"
            disabled={withdraw.isPending}
            onClick={() => withdraw.mutate()}
          >
            {withdraw.isPending ? 'Withdrawing…' : 'Withdraw this change'}
          </button>
        </div>
      )}
      <FormAlert message={withdraw.isError ? describeError(withdraw.error).message : null} />
      <form key={formKey} method="post" onSubmit={submit} noValidate className="form-narrow">
        <FormAlert message={formError} />
        <Field label="New email" type="email" name="newEmail" autoComplete="email" required error={emailError} />
        <CurrentPasswordField error={passwordError} />
        {stepUp.field(codeError)}
        <SubmitButton pending={request.isPending} pendingLabel="Sending the link…">
          Send confirmation link
        </SubmitButton>
      </form>
    </section>
  );
}
