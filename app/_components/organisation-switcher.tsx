'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useSyncExternalStore, type ChangeEvent } from 'react';
import { chooseOrganisation, organisationStore } from '../_lib/organisation-store';

const NEW = 'new';

/** The person's organisations, this tab's marked; choosing one changes this tab only. */
export function OrganisationSwitcher({ organisations }: { organisations: { id: string; name: string }[] | undefined }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const current = useSyncExternalStore(
    organisationStore.subscribe,
    organisationStore.getSnapshot,
    organisationStore.getServerSnapshot,
  );
  if (!organisations) return <span className="muted">{'\u00a0'}</span>;

  function choose(event: ChangeEvent<HTMLSelectElement>) {
    const id = event.target.value;
    if (id === NEW) {
      router.push('/organisations/new');
      return;
    }
    chooseOrganisation(id);
    // Everything this tab read belongs to the organisation it worked in before.
    void queryClient.resetQueries({ predicate: (q) => !JSON.stringify(q.queryKey).includes('"auth"') });
  }

  return (
    <label className="switcher">
      <span className="visually-hidden">Organisation</span>
      <select value={current ?? ''} onChange={choose} data-testid="organisation-switcher">
        {organisations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
        <option value={NEW}>New organisation…</option>
      </select>
    </label>
  );
}
