'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../_lib/trpc';
import { SignedIn } from '../_components/signed-in';
import { TaskList } from './task-list';

function Tasks() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  return (
    <main className="page">
      <TaskList organisationName={me.data?.organisation.name} />
    </main>
  );
}

export function TasksPage() {
  return <SignedIn>{() => <Tasks />}</SignedIn>;
}
