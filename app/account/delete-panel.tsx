'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { DELETE_CONFIRMATION } from '@/server/account/inputs';
import { Field } from '../_components/field';
import { FormAlert } from '../_components/form-alert';
import { describeError } from '../_lib/errors';
import { signOut } from '../_lib/session-store';
import { useTRPC } from '../_lib/trpc';

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

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    remove.mutate({ password: String(form.get('password') ?? ''), confirmation: String(form.get('confirmation') ?? '') });
  }

  const passwordError =
    serverError?.fieldErrors['password'] ?? (serverError?.code === 'WRONG_PASSWORD' ? serverError.message : undefined);
  const confirmationError = serverError?.fieldErrors['confirmation'];
  const formError = serverError && !passwordError && !confirmationError ? serverError.message : null;

  return (
    <section className="panel panel-danger stack" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete your account</h2>
      <p className="muted">
        This removes your account, sessions and security activity at once, and any organisation you are the last member of, with
        its tasks. Tasks you created in shared organisations stay, shown as written by a deleted user. It cannot be undone.
      </p>
      <form method="post" onSubmit={submit} noValidate className="form-narrow">
        <FormAlert message={formError} />
        <Field
          label="Current password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          error={passwordError}
        />
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
