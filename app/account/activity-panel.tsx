'use client';
import { useQuery } from '@tanstack/react-query';
import { ActivityTable } from '../_components/activity-table';
import { FormAlert } from '../_components/form-alert';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { LoadingBlock } from '../_components/loading-block';

/** The newest 50 security events of this account. */
export function ActivityPanel() {
  const trpc = useTRPC();
  const activity = useQuery(trpc.account.activity.queryOptions());
  return (
    <section className="panel stack" aria-labelledby="activity-heading">
      <h2 id="activity-heading">Security activity</h2>
      <p className="muted">
        The last 50 events of your account, kept for 90 days. Something you do not recognise? Change your password.
      </p>
      {activity.isPending && <LoadingBlock label="Loading security activity" />}
      {activity.isError && <FormAlert message={describeError(activity.error).message} />}
      {activity.data && <ActivityTable label="Security activity" events={activity.data} showDevice />}
    </section>
  );
}
