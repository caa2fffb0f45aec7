'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { describeError } from '../_lib/errors';
import { Confirmed } from '../_components/confirmed-form';
import { useTRPC } from '../_lib/trpc';

/** Owners hand ownership to another member; they stay on as an admin. */
export function TransferPanel({
  candidates,
  onTransferred,
}: {
  candidates: { id: string; name: string; email: string }[];
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
  return (
    <section className="panel stack" aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">Transfer ownership</h2>
      <p className="muted">
        The member you choose becomes an owner; you stay on as an admin. Your password is asked again, with your second factor if
        you have one.
      </p>
      {candidates.length === 0 ? (
        <p className="muted">Invite someone first: there is nobody else to hand it to.</p>
      ) : (
        <Confirmed
          label="Transfer ownership"
          pendingLabel="Transferring…"
          pending={transfer.isPending}
          error={transfer.isError ? describeError(transfer.error) : null}
          onSubmit={(confirmation, form) => transfer.mutate({ userId: String(form.get('userId') ?? ''), ...confirmation })}
        >
          <div className="field">
            <label htmlFor={selectId}>New owner</label>
            <select id={selectId} name="userId" required>
              {candidates.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({m.email})
                </option>
              ))}
            </select>
          </div>
        </Confirmed>
      )}
    </section>
  );
}
