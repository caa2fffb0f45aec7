'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { normalisePassword, passwordProblem } from '@/server/auth/password-rules';
import { Field } from '../_components/field';
import { FormAlert } from '../_components/form-alert';
import { SubmitButton } from '../_components/submit-button';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { stepUpError, useStepUp } from '../_components/step-up-field';
import { CurrentPasswordField } from '../_components/current-password-field';

/** Current password plus a new one; every other session ends, this one stays. */
export function PasswordPanel() {
  const trpc = useTRPC();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [formKey, setFormKey] = useState(0);
  const queryClient = useQueryClient();
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: () => {
        setFormKey((k) => k + 1);
        void queryClient.invalidateQueries({ queryKey: trpc.account.pathKey() });
      },
    }),
  );
  const serverError = change.isError ? describeError(change.error) : null;
  const stepUp = useStepUp();
  const [stepUpProblem, setStepUpProblem] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const currentPassword = String(form.get('currentPassword') ?? '');
    const newPassword = String(form.get('newPassword') ?? '');
    const errors: Record<string, string> = {};
    if (!currentPassword) errors['currentPassword'] = 'Enter your current password.';
    const problem = passwordProblem(normalisePassword(newPassword));
    if (problem) errors['newPassword'] = problem;
    if (String(form.get('confirm') ?? '') !== newPassword) errors['confirm'] = 'The two new passwords do not match.';
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    void stepUp.proof(form).then((proof) => {
      setStepUpProblem('problem' in proof ? proof.problem : null);
      if ('input' in proof) change.mutate({ currentPassword, newPassword, ...proof.input });
    });
  }

  const fieldError = (name: string, code?: string) =>
    localErrors[name] ?? serverError?.fieldErrors[name] ?? (code && serverError?.code === code ? serverError.message : undefined);
  const currentError = fieldError('currentPassword', 'WRONG_PASSWORD');
  const newError = fieldError('newPassword', 'WEAK_PASSWORD');
  const codeError = stepUpProblem ?? stepUpError(serverError);
  const formError = serverError && !currentError && !newError && !codeError ? serverError.message : null;

  return (
    <section className="panel stack" aria-labelledby="password-heading">
      <h2 id="password-heading">Change your password</h2>
      <p className="muted">Every other session is signed out; this one stays. We email you a note with a reset link.</p>
      <FormAlert message={change.isSuccess ? 'Password changed. Every other session was signed out.' : null} tone="ok" />
      <form key={formKey} method="post" onSubmit={submit} noValidate className="form-narrow">
        <FormAlert message={formError} />
        <CurrentPasswordField error={currentError} name="currentPassword" />
        {stepUp.field(codeError)}
        <Field
          label="New password"
          type="password"
          name="newPassword"
          autoComplete="new-password"
          required
          hint="At least 8 characters; 15 or more is stronger. No other rules."
          error={newError}
        />
        <Field
          label="Confirm new password"
          type="password"
          name="confirm"
          autoComplete="new-password"
          required
          error={localErrors['confirm']}
        />
        <SubmitButton pending={change.isPending} pendingLabel="Changing…">
          Change password
        </SubmitButton>
      </form>
    </section>
  );
}
