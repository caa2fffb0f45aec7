'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, type FormEvent } from 'react';
import { FormAlert } from '../_components/form-alert';
import { SubmitButton } from '../_components/submit-button';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';

/** Owners hand ownership to another member; they stay on as an admin. */
export function TransferPanel({
  candidates,
  onTransferred,
}: {
  candidates: { id: string; email: string }[];
  onTransferred: (email: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const selectId = useId();
  const transfer = useMutation(
    trpc.organisation.transferOwnership.mutationOptions({
      onSuccess: (_reply, { userId }) => {
        onTransferred(candidates.find((m) => m.id === userId)?.email ?? 'the new owner');
        void queryClient.invalidateQueries();
      },
    }),
  );
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    transfer.mutate({ userId: String(new FormData(event.currentTarget).get('userId') ?? '') });
  }
  return (
    <section className="panel stack" aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">Transfer ownership</h2>
      <p className="muted">The member you choose becomes an owner; you stay on as an admin.</p>
      <FormAlert message={transfer.isError ? describeError(transfer.error).message : null} />
      {candidates.length === 0 ? (
        <p className="muted">Invite someone first: there is nobody else to hand it to.</p>
      ) : (
        <form method="post" onSubmit={submit} className="form-narrow">
          <div className="field">
            <label htmlFor={selectId}>New owner</label>
            <select id={selectId} name="userId" required>
              {candidates.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.email}
                </option>
              ))}
            </select>
          </div>
          <SubmitButton pending={transfer.isPending} pendingLabel="Transferring…">
            Transfer ownership
          </SubmitButton>
        </form>
      )}
    </section>
  );
}
