'use client';
import { useQuery } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';
import { describeError } from '../_lib/errors';
import { organisationStore } from '../_lib/organisation-store';
import { useTRPC } from '../_lib/trpc';
import { useLiveUpdates } from '../_lib/use-live-updates';
import { FormAlert } from '../_components/form-alert';
import { LoadingBlock } from '../_components/loading-block';
import { SignedIn } from '../_components/signed-in';
import { AssignedToMe } from './assigned-to-me';
import { ListSidebar, MINE, SEARCH, UPCOMING } from './list-sidebar';
import { SearchResults } from './search-results';
import { Upcoming } from './upcoming';
import { TaskList } from './task-list';

// The list this tab shows, per organisation: kept across a reload, not shared with other tabs.
const listKey = (organisationId: string | null) => `tl_list:${organisationId ?? ''}`;
function storedList(organisationId: string | null): string | null {
  try {
    return sessionStorage.getItem(listKey(organisationId));
  } catch {
    return null;
  }
}

/** The live stream of one organisation: a new one when the tab switches organisation. */
function LiveUpdates({ organisationId }: { organisationId: string | null }) {
  useLiveUpdates(organisationId);
  return null;
}

function Tasks() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  const lists = useQuery(trpc.list.all.queryOptions());
  const members = useQuery(trpc.organisation.members.queryOptions());
  const people = (members.data?.members ?? []).map(({ id, name }) => ({ id, name }));
  const current = useSyncExternalStore(
    organisationStore.subscribe,
    organisationStore.getSnapshot,
    organisationStore.getServerSnapshot,
  );
  // Rendered only in the browser (SignedIn), so the tab's stored choice is read while rendering.
  const [picked, setPicked] = useState<{ organisationId: string | null; listId: string } | null>(null);
  const chosen = picked && picked.organisationId === current ? picked.listId : storedList(current);
  const [drawer, setDrawer] = useState(false);
  const [query, setQuery] = useState('');

  const role = me.data?.organisations.find((o) => o.id === current)?.role;
  const all = lists.data ?? [];
  const view = chosen === MINE || chosen === UPCOMING || (chosen === SEARCH && query) ? chosen : null;
  const showMine = view !== null;
  const list = showMine ? undefined : (all.find((l) => l.id === chosen) ?? all.find((l) => !l.archived) ?? all[0]);
  const select = (id: string) => {
    setPicked({ organisationId: current, listId: id });
    setDrawer(false);
    // A search is not kept across a reload: the tab comes back to the list it showed.
    if (id === SEARCH) return;
    try {
      sessionStorage.setItem(listKey(current), id);
    } catch {
      // storage refused (private mode): the choice lasts until the tab reloads
    }
  };

  return (
    <main className="page page-wide">
      <LiveUpdates key={current ?? ''} organisationId={current} />
      <button
        type="button"
        className="button button-secondary list-drawer-toggle"
        aria-expanded={drawer}
        aria-controls="list-sidebar"
        onClick={() => setDrawer(!drawer)}
      >
        {drawer
          ? 'Close lists'
          : `Lists: ${view === MINE ? 'Assigned to me' : view === UPCOMING ? 'Upcoming' : view === SEARCH ? 'Search' : (list?.name ?? 'none')}`}
      </button>
      <div className="tasks-layout">
        <ListSidebar
          lists={all}
          selected={view ?? list?.id ?? null}
          onSelect={select}
          onSearch={(typed) => {
            setQuery(typed);
            select(SEARCH);
          }}
          open={drawer}
        />
        <div className="tasks-main">
          {lists.isPending && <LoadingBlock label="Loading lists" />}
          {lists.isError && <FormAlert message={describeError(lists.error).message} />}
          {view === MINE && <AssignedToMe lists={all} people={people} />}
          {view === UPCOMING && <Upcoming lists={all} people={people} />}
          {view === SEARCH && <SearchResults key={query} query={query} lists={all} people={people} />}
          {lists.isSuccess && !showMine && !list && (
            <section className="panel">
              <h1>No lists yet</h1>
              <p className="empty">Create a list to start adding tasks.</p>
            </section>
          )}
          {list && (
            <TaskList key={list.id} list={list} lists={all} manager={role === 'owner' || role === 'admin'} people={people} />
          )}
        </div>
      </div>
    </main>
  );
}

export function TasksPage() {
  return <SignedIn>{() => <Tasks />}</SignedIn>;
}
