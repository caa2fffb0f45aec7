'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormAlert } from '../_components/form-alert';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';

const KINDS = [
  { key: 'mentions', label: 'When someone mentions me in a comment' },
  { key: 'assignments', label: 'When someone assigns me a task' },
] as const;

/** The emails about tasks, each kind on or off; emails about the account's security always come. */
export function NotificationsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.account.notifications.queryOptions());
  const key = trpc.account.notifications.queryKey();
  // The box changes as it is clicked; a refusal puts it back and says why.
  const save = useMutation(
    trpc.account.setNotifications.mutationOptions({
      onMutate: async (change) => {
        await queryClient.cancelQueries({ queryKey: key });
        const previous = queryClient.getQueryData(key);
        if (previous) queryClient.setQueryData(key, { ...previous, ...change });
        return { previous };
      },
      onError: (_error, _change, context) => {
        if (context?.previous) queryClient.setQueryData(key, context.previous);
      },
      // Read back once settled: two quick clicks' replies may come back in either order.
      onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
    }),
  );
  return (
    <section className="panel stack" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">Task emails</h2>
      <p className="muted">
        At most one email per task every 10 minutes, never about what you did yourself. Emails about your account’s security
        always come.
      </p>
      {settings.isPending && (
        <p className="muted" role="status">
          Loading your choices…
        </p>
      )}
      {settings.isError && <FormAlert message={describeError(settings.error).message} />}
      {settings.data && (
        <fieldset className="stack checkbox-group">
          <legend className="visually-hidden">Email me</legend>
          <FormAlert message={save.isError ? describeError(save.error).message : null} />
          {KINDS.map(({ key, label }) => (
            <label key={key} className="checkbox-row">
              <input
                type="checkbox"
                checked={settings.data[key]}
                onChange={(event) => save.mutate({ [key]: event.target.checked })}
              />
              {label}
            </label>
          ))}
          <FormAlert tone="ok" message={save.isSuccess ? 'Saved.' : null} />
        </fieldset>
      )}
    </section>
  );
}
