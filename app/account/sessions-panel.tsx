'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { FormAlert } from '../_components/form-alert';
import { DataTable } from '../_components/data-table';
import { LoadingBlock } from '../_components/loading-block';

const when = (iso: string) => new Date(iso).toLocaleString();

/** Where this account is signed in; any other session can be ended here, at once. */
export function SessionsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.account.sessions.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.account.pathKey() });
  const endOne = useMutation(trpc.account.endSession.mutationOptions({ onSettled: refresh }));
  const endOthers = useMutation(trpc.account.endOtherSessions.mutationOptions({ onSettled: refresh }));
  const failure = endOne.error ?? endOthers.error ?? sessions.error;
  const others = sessions.data?.filter((s) => !s.current) ?? [];

  return (
    <section className="panel stack" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you are signed in</h2>
      <FormAlert message={failure ? describeError(failure).message : null} />
      {sessions.isPending && <LoadingBlock label="Loading sessions" />}
      {sessions.data && (
        <DataTable label="Sessions" columns={['Device', 'IP address', 'Signed in', 'Last active']}>
          {sessions.data.map((session) => (
            <tr key={session.id}>
              <td>
                {session.device}
                {session.current && <span className="badge">This device</span>}
              </td>
              <td>{session.ip ?? 'unknown'}</td>
              <td>{when(session.signedInAt)}</td>
              <td>{when(session.lastActiveAt)}</td>
              <td>
                {!session.current && (
                  <button
                    type="button"
                    className="button button-ghost button-danger"
                    disabled={endOne.isPending}
                    onClick={() => endOne.mutate({ id: session.id })}
                    aria-label={`Sign out ${session.device}, last active ${when(session.lastActiveAt)}`}
                  >
                    Sign out
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {others.length > 0 && (
        <div>
          <button
            type="button"
            className="button button-secondary"
            disabled={endOthers.isPending}
            onClick={() => endOthers.mutate()}
          >
            {endOthers.isPending && <span className="spinner" aria-hidden="true" />}
            {endOthers.isPending ? 'Signing out…' : 'Sign out all other sessions'}
          </button>
        </div>
      )}
    </section>
  );
}
