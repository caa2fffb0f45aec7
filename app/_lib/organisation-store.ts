'use client';

// The organisation this tab works in. It belongs to the tab (sessionStorage: kept across a
// reload, not shared with other tabs), not to the session, so that two tabs can work in two
// organisations at once; a new tab starts from the last one chosen anywhere (localStorage).
// Every call carries it as x-organisation-id (app/_components/providers.tsx).
const TAB_KEY = 'tl_organisation';
const LAST_KEY = 'tl_last_organisation';

const listeners = new Set<() => void>();
let current: string | null | undefined;

function read(storage: () => Storage, key: string): string | null {
  try {
    return storage().getItem(key);
  } catch {
    return null;
  }
}

export function currentOrganisation(): string | null {
  if (current === undefined) current = typeof window === 'undefined' ? null : read(() => sessionStorage, TAB_KEY);
  return current;
}

export function chooseOrganisation(id: string): void {
  current = id;
  try {
    sessionStorage.setItem(TAB_KEY, id);
    localStorage.setItem(LAST_KEY, id);
  } catch {
    // Storage can be unavailable (private modes): the choice then lasts until the tab reloads.
  }
  listeners.forEach((listener) => listener());
}

/** This tab's choice if the person still belongs to it, else the last one used, else the first. */
export function preferredOrganisation(ids: string[]): string | null {
  const tab = currentOrganisation();
  if (tab && ids.includes(tab)) return tab;
  const last = typeof window === 'undefined' ? null : read(() => localStorage, LAST_KEY);
  if (last && ids.includes(last)) return last;
  return ids[0] ?? null;
}

export const organisationStore = {
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  getSnapshot: currentOrganisation,
  getServerSnapshot: () => null,
};
