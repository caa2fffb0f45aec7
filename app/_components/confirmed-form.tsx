'use client';
import { useState, type FormEvent, type ReactNode } from 'react';
import { FormAlert } from './form-alert';
import { SubmitButton } from './submit-button';
import type { describeError } from '../_lib/errors';
import { stepUpError, useStepUp, type StepUpInput } from './step-up-field';
import { CurrentPasswordField, currentPasswordError } from './current-password-field';

/**
 * Password and a second factor again: for making new recovery codes, adding a passkey or
 * removing a factor. `children` are the form's own fields, shown first; `alert` replaces the
 * message on top (a problem found in the browser, or none while a field shows the error).
 */
export function Confirmed({
  label,
  pendingLabel,
  pending,
  error,
  alert,
  children,
  onSubmit,
}: {
  label: string;
  pendingLabel: string;
  pending: boolean;
  error: ReturnType<typeof describeError> | null;
  alert?: string | null;
  children?: ReactNode;
  onSubmit: (input: { password: string } & StepUpInput, form: FormData) => void;
}) {
  const stepUp = useStepUp();
  const [problem, setProblem] = useState<string | null>(null);
  const passwordError = currentPasswordError(error);
  const codeError = problem ?? stepUpError(error);
  return (
    <form
      method="post"
      noValidate
      className="form-narrow"
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        void stepUp.proof(form).then((proof) => {
          setProblem('problem' in proof ? proof.problem : null);
          if ('input' in proof) onSubmit({ password: String(form.get('password') ?? ''), ...proof.input }, form);
        });
      }}
    >
      <FormAlert message={alert !== undefined ? alert : error && !passwordError && !codeError ? error.message : null} />
      {children}
      <CurrentPasswordField error={passwordError} />
      {stepUp.field(codeError)}
      <SubmitButton pending={pending} pendingLabel={pendingLabel}>
        {label}
      </SubmitButton>
    </form>
  );
}
