'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { Field } from '../_components/field';
import { describeError } from '../_lib/errors';
import { Confirmed } from '../_components/confirmed-form';
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
  const fieldError = error?.fieldErrors['confirmation'] ?? (error?.code === 'CONFIRMATION_MISMATCH' ? error.message : undefined);
  return (
    <section className="panel panel-danger stack" aria-labelledby="delete-organisation-heading">
      <h2 id="delete-organisation-heading">Delete this organisation</h2>
      <p className="muted">Its tasks, invitations and memberships go for good, and every member gets an email. Accounts stay.</p>
      <Confirmed
        label="Delete organisation"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={error}
        alert={fieldError ? null : undefined}
        onSubmit={(confirmation, form) =>
          remove.mutate({ confirmation: String(form.get('confirmation') ?? ''), ...confirmation })
        }
      >
        <Field label={`Type “${name}” to confirm`} name="confirmation" autoComplete="off" required error={fieldError} />
      </Confirmed>
    </section>
  );
}
