'use client';
import { useQuery } from '@tanstack/react-query';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { FormAlert } from '../_components/form-alert';
import { InviteForm } from './invite-form';
import { MembersTable } from './members-table';
import { OrganisationActivity } from './organisation-activity';
import { PendingInvitations } from './pending-invitations';
import { SignedIn } from '../_components/signed-in';
import { LoadingBlock } from '../_components/loading-block';

function MembersPanels() {
  const trpc = useTRPC();
  const members = useQuery(trpc.organisation.members.queryOptions());
  const manager = members.data && members.data.me.role !== 'member';
  return (
    <main className="page stack">
      <section className="panel stack" aria-labelledby="members-heading">
        <h1 id="members-heading">Members</h1>
        {members.isPending && <LoadingBlock label="Loading members" />}
        {members.isError && <FormAlert message={describeError(members.error).message} />}
        {members.data && <MembersTable me={members.data.me} members={members.data.members} />}
      </section>
      {manager && (
        <section className="panel stack" aria-labelledby="invite-heading">
          <h2 id="invite-heading">Invite someone</h2>
          <InviteForm />
          <PendingInvitations />
        </section>
      )}
      {manager && <OrganisationActivity />}
    </main>
  );
}

export function MembersPage() {
  return <SignedIn>{() => <MembersPanels />}</SignedIn>;
}
