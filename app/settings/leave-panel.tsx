'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { FormAlert } from '../_components/form-alert';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';

export function LeavePanel({ name, lastOwner }: { name: string; lastOwner: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const leave = useMutation(
    trpc.organisation.leave.mutationOptions({
      onSuccess: async () => {
        await queryClient.resetQueries();
        router.push('/');
      },
    }),
  );
  return (
    <section className="panel stack" aria-labelledby="leave-heading">
      <h2 id="leave-heading">Leave {name}</h2>
      {lastOwner ? (
        <p className="muted">You are its only owner: transfer ownership first, or delete the organisation.</p>
      ) : (
        <>
          <p className="muted">You lose access to its tasks at once. Your account and other organisations stay.</p>
          <FormAlert message={leave.isError ? describeError(leave.error).message : null} />
          <div>
            <button type="button" className="button button-secondary" onClick={() => leave.mutate()} disabled={leave.isPending}>
              {leave.isPending ? 'Leaving…' : `Leave ${name}`}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
