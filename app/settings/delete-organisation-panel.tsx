'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { Field } from '../_components/field';
import { FormAlert } from '../_components/form-alert';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';

export function DeleteOrganisationPanel({ name }: { name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.organisation.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.resetQueries();
        router.push('/');
      },
    }),
  );
  const error = remove.isError ? describeError(remove.error) : null;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    remove.mutate({ confirmation: String(new FormData(event.currentTarget).get('confirmation') ?? '') });
  }
  const fieldError = error?.fieldErrors['confirmation'] ?? (error?.code === 'CONFIRMATION_MISMATCH' ? error.message : undefined);
  return (
    <section className="panel panel-danger stack" aria-labelledby="delete-organisation-heading">
      <h2 id="delete-organisation-heading">Delete this organisation</h2>
      <p className="muted">Its tasks, invitations and memberships go for good, and every member gets an email. Accounts stay.</p>
      <form method="post" onSubmit={submit} noValidate className="form-narrow">
        <FormAlert message={error && !fieldError ? error.message : null} />
        <Field label={`Type “${name}” to confirm`} name="confirmation" autoComplete="off" required error={fieldError} />
        <button type="submit" className="button button-danger-solid" disabled={remove.isPending}>
          {remove.isPending ? 'Deleting…' : 'Delete organisation'}
        </button>
      </form>
    </section>
  );
}
