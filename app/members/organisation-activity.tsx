'use client';
import { useQuery } from '@tanstack/react-query';
import { ActivityTable } from '../_components/activity-table';
import { FormAlert } from '../_components/form-alert';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { LoadingBlock } from '../_components/loading-block';

/** Membership, role and invitation events of the organisation (owners and admins): never anyone's sign-ins. */
export function OrganisationActivity() {
  const trpc = useTRPC();
  const activity = useQuery(trpc.organisation.activity.queryOptions());
  return (
    <section className="panel stack" aria-labelledby="org-activity-heading">
      <h2 id="org-activity-heading">Organisation activity</h2>
      {activity.isPending && <LoadingBlock label="Loading organisation activity" />}
      {activity.isError && <FormAlert message={describeError(activity.error).message} />}
      {activity.data && <ActivityTable label="Organisation activity" events={activity.data} showDevice={false} />}
    </section>
  );
}
