'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { DELETE_CONFIRMATION } from '@/server/account/inputs';
import { Field } from '../_components/field';
import { FormAlert } from '../_components/form-alert';
import { describeError } from '../_lib/errors';
import { signOut } from '../_lib/session-store';
import { useTRPC } from '../_lib/trpc';
import { stepUpError, useStepUp } from '../_components/step-up-field';
import { CurrentPasswordField, currentPasswordError } from '../_components/current-password-field';

/** Deletes the account for good, after the password and a typed confirmation. */
export function DeletePanel() {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(
    trpc.account.deleteAccount.mutationOptions({
      onSuccess: async () => {
        await signOut().catch(() => undefined);
        router.replace('/account-deleted');
      },
    }),
  );
  const serverError = remove.isError ? describeError(remove.error) : null;
  const stepUp = useStepUp();
  const [stepUpProblem, setStepUpProblem] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void stepUp.proof(form).then((proof) => {
      setStepUpProblem('problem' in proof ? proof.problem : null);
      if ('input' in proof) {
        remove.mutate({
          password: String(form.get('password') ?? ''),
          confirmation: String(form.get('confirmation') ?? ''),
          ...proof.input,
        });
      }
    });
  }

  const passwordError = currentPasswordError(serverError);
  const confirmationError = serverError?.fieldErrors['confirmation'];
  const codeError = stepUpProblem ?? stepUpError(serverError);
  const formError = serverError && !passwordError && !confirmationError && !codeError ? serverError.message : null;

  return (
    <section className="panel panel-danger stack" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete your account</h2>
      <p className="muted">
        This removes your account, sessions and security activity at once, and any organisation you are the last member of, with
        its tasks. Tasks you created in shared organisations stay, shown as written by a deleted user. It cannot be undone.
      </p>
      <form method="post" onSubmit={submit} noValidate className="form-narrow">
        <FormAlert message={formError} />
        <CurrentPasswordField error={passwordError} />
        {stepUp.field(codeError)}
        <Field
          label={`Type “${DELETE_CONFIRMATION}” to confirm`}
          name="confirmation"
          autoComplete="off"
          required
          error={confirmationError}
        />
        <button type="submit" className="button button-danger-solid" disabled={remove.isPending}>
          {remove.isPending && <span className="spinner" aria-hidden="true" />}
          {remove.isPending ? 'Deleting…' : 'Delete my account'}
        </button>
      </form>
    </section>
  );
}
