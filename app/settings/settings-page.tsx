'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormAlert } from '../_components/form-alert';
import { SignedIn } from '../_components/signed-in';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { DeleteOrganisationPanel } from './delete-organisation-panel';
import { LeavePanel } from './leave-panel';
import { RenamePanel } from './rename-panel';
import { SecondFactorPolicyPanel } from './second-factor-policy-panel';
import { TimeZonePanel } from './time-zone-panel';
import Link from 'next/link';
import { currentOrganisation } from '../_lib/organisation-store';
import { TransferPanel } from './transfer-panel';
import { LoadingBlock } from '../_components/loading-block';

function Settings() {
  const trpc = useTRPC();
  const [notice, setNotice] = useState<string | null>(null);
  // Who can take over changes as people join: read afresh whenever the page opens.
  const members = useQuery(trpc.organisation.members.queryOptions(undefined, { staleTime: 0 }));
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  const refused = members.isError ? describeError(members.error) : null;
  if (refused?.code === 'SECOND_FACTOR_POLICY' && me.data) {
    // Locked out by the organisation's policy: the way in, and the way out.
    return (
      <main className="page stack">
        <h1>Organisation settings</h1>
        <p role="alert">{refused.message}</p>
        <p>
          <Link href="/account">Set up two-step sign-in</Link>
        </p>
        <LeavePanel name={me.data.organisations.find((o) => o.id === currentOrganisation())?.name ?? ''} lastOwner={false} />
      </main>
    );
  }
  if (refused) return <FormAlert message={refused.message} />;
  if (!members.data || !me.data) return <LoadingBlock label="Loading settings" page />;
  const { me: self, members: everyone } = members.data;
  const organisation = me.data.organisations.find((o) => o.id === self.organisationId);
  const name = organisation?.name ?? '';
  const owners = everyone.filter((m) => m.role === 'owner');
  return (
    <main className="page stack">
      <h1>Organisation settings</h1>
      <FormAlert tone="ok" message={notice} />
      {self.role !== 'member' && <RenamePanel name={name} />}
      {self.role === 'owner' && <TimeZonePanel timeZone={organisation?.timeZone ?? 'UTC'} />}
      {self.role === 'owner' && <SecondFactorPolicyPanel required={Boolean(organisation?.requireSecondFactor)} />}
      {self.role === 'owner' && (
        <TransferPanel
          candidates={everyone.filter((m) => m.id !== self.userId)}
          // This panel goes once the transfer makes the person an admin: the page says it happened.
          onTransferred={(email) => setNotice(`Ownership transferred to ${email}, who was told by email. You are now an admin.`)}
        />
      )}
      <LeavePanel name={name} lastOwner={self.role === 'owner' && owners.length === 1} />
      {self.role === 'owner' && <DeleteOrganisationPanel name={name} />}
    </main>
  );
}

export function SettingsPage() {
  return <SignedIn>{() => <Settings />}</SignedIn>;
}
