'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { FormAlert } from '../_components/form-alert';
import { DataTable } from '../_components/data-table';

export function PendingInvitations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invitations = useQuery(trpc.organisation.invitations.queryOptions());
  const revoke = useMutation(
    trpc.organisation.revokeInvitation.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.organisation.pathKey() }),
    }),
  );
  if (!invitations.data || invitations.data.length === 0) return null;
  return (
    <div className="stack">
      <h2>Pending invitations</h2>
      <FormAlert message={revoke.isError ? describeError(revoke.error).message : null} />
      <DataTable label="Pending invitations" columns={['Email', 'Role', 'Expires']}>
        {invitations.data.map((invitation) => (
          <tr key={invitation.id}>
            <td>{invitation.email}</td>
            <td>{invitation.role}</td>
            <td>{new Date(invitation.expiresAt).toLocaleDateString()}</td>
            <td>
              <button
                type="button"
                className="button button-ghost button-danger"
                disabled={revoke.isPending}
                onClick={() => revoke.mutate({ id: invitation.id })}
                aria-label={`Revoke the invitation to ${invitation.email}`}
              >
                Revoke
              </button>
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
