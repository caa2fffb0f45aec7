'use client';
import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { organisationStore } from '../_lib/organisation-store';
import { useTRPC } from '../_lib/trpc';
import { SignedIn } from '../_components/signed-in';
import { TaskList } from './task-list';

function Tasks() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  const current = useSyncExternalStore(
    organisationStore.subscribe,
    organisationStore.getSnapshot,
    organisationStore.getServerSnapshot,
  );
  return (
    <main className="page">
      <TaskList organisationName={me.data?.organisations.find((o) => o.id === current)?.name} />
    </main>
  );
}

export function TasksPage() {
  return <SignedIn>{() => <Tasks />}</SignedIn>;
}
