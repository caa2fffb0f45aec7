'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MembersReply } from '../_lib/api-types';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { FormAlert } from '../_components/form-alert';
import { DataTable } from '../_components/data-table';
import { useState } from 'react';
import { Confirmed } from '../_components/confirmed-form';

type Member = MembersReply['me'];
type MemberView = MembersReply['members'][number];

export function MembersTable({ me, members }: { me: Member; members: MemberView[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = { onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.organisation.pathKey() }) };
  // Making someone an owner asks for the password (and a second factor) first.
  const [promoting, setPromoting] = useState<MemberView | null>(null);
  const changeRole = useMutation(
    trpc.organisation.changeRole.mutationOptions({ ...refresh, onSuccess: () => setPromoting(null) }),
  );
  const remove = useMutation(trpc.organisation.removeMember.mutationOptions(refresh));
  const error = promoting ? remove.error : (changeRole.error ?? remove.error);
  const manager = me.role !== 'member';
  const mayEdit = (member: MemberView) => manager && member.id !== me.userId && (me.role === 'owner' || member.role !== 'owner');

  return (
    <div className="stack">
      <FormAlert message={error ? describeError(error).message : null} />
      <DataTable label="Members of the organisation" columns={['Member', 'Role']}>
        {members.map((member) => (
          <tr key={member.id}>
            <td>
              <span className="member-name">{member.name}</span> <span className="muted">{member.email}</span>
              {member.id === me.userId && <span className="muted"> (you)</span>}
              {!member.passwordSet && <span className="muted"> · no password yet</span>}
            </td>
            <td>
              {mayEdit(member) ? (
                <select
                  aria-label={`Role of ${member.email}`}
                  value={member.role}
                  disabled={changeRole.isPending}
                  onChange={(e) => {
                    const role = e.target.value as MemberView['role'];
                    if (role === 'owner') setPromoting(member);
                    else changeRole.mutate({ userId: member.id, role });
                  }}
                >
                  {me.role === 'owner' && <option value="owner">Owner</option>}
                  <option value="admin">Admin</option>
                  <option value="member">Member</option>
                </select>
              ) : (
                <span className="badge">{member.role}</span>
              )}
            </td>
            <td>
              {mayEdit(member) && (
                <button
                  type="button"
                  className="button button-ghost button-danger"
                  disabled={remove.isPending}
                  onClick={() =>
                    window.confirm(`Remove ${member.email} from the organisation? They are signed out at once.`) &&
                    remove.mutate({ userId: member.id })
                  }
                >
                  Remove
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      {promoting && (
        <section className="panel stack" aria-labelledby="promote-heading">
          <h2 id="promote-heading">Make {promoting.email} an owner?</h2>
          <p className="muted">An owner can delete the organisation and change anyone’s role. Confirm it is you.</p>
          <Confirmed
            label="Make owner"
            pendingLabel="Saving…"
            pending={changeRole.isPending}
            error={changeRole.isError ? describeError(changeRole.error) : null}
            onSubmit={(confirmation) => changeRole.mutate({ userId: promoting.id, role: 'owner', ...confirmation })}
          />
          <div>
            <button type="button" className="button button-ghost" onClick={() => setPromoting(null)}>
              Cancel
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
