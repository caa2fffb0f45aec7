'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { describeError } from '../_lib/errors';
import { chooseOrganisation, organisationStore, preferredOrganisation } from '../_lib/organisation-store';
import { useTRPC } from '../_lib/trpc';
import { FormAlert } from './form-alert';
import { NewOrganisationForm } from './new-organisation-form';
import { LoadingBlock } from './loading-block';

/**
 * Renders its children once this tab works in an organisation the person belongs to: the
 * tab's own choice, else the last one used, else the first. A person in none is offered to
 * create one.
 */
export function OrganisationGate({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  const current = useSyncExternalStore(
    organisationStore.subscribe,
    organisationStore.getSnapshot,
    organisationStore.getServerSnapshot,
  );
  const ids = me.data?.organisations.map((o) => o.id) ?? [];
  const preferred = me.data ? preferredOrganisation(ids) : null;

  useEffect(() => {
    if (preferred && preferred !== current) {
      chooseOrganisation(preferred);
      // Whatever this tab read was read for another organisation.
      void queryClient.resetQueries({ predicate: (q) => !JSON.stringify(q.queryKey).includes('"auth"') });
    }
  }, [preferred, current, queryClient]);

  if (me.isError) return <FormAlert message={describeError(me.error).message} />;
  if (!me.data || (preferred && preferred !== current)) {
    return <LoadingBlock label="Loading your organisation" page />;
  }
  if (!preferred) {
    return (
      <main className="page stack">
        <section className="panel stack" aria-labelledby="no-organisation-heading">
          <h1 id="no-organisation-heading">You are not in any organisation</h1>
          <p className="muted">Create one to keep your tasks, or ask someone to invite you to theirs.</p>
          <NewOrganisationForm />
        </section>
      </main>
    );
  }
  return children;
}
