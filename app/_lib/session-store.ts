'use client';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@/server/trpc/routers/_app';
import type { SessionReply } from './api-types';

export type SessionStatus = 'loading' | 'signed-in' | 'signed-out';
export interface SessionState {
  status: SessionStatus;
  user: SessionReply['user'] | null;
}

// The access token lives in this module's memory only: never in storage a script could read later.
let accessToken: string | null = null;
let state: SessionState = { status: 'loading', user: null };
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

// A plain client for the auth calls themselves, so that they never go through the retry link.
const authClient = createTRPCClient<AppRouter>({ links: [httpLink({ url: '/api/trpc' })] });
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('tasklane-session');

function setState(next: SessionState) {
  state = next;
  listeners.forEach((listener) => listener());
}

export const sessionStore = {
  subscribe(listener: () => void) {
    listeners.add(listener);
    return (): void => {
      listeners.delete(listener);
    };
  },
  getSnapshot: () => state,
  getServerSnapshot: (): SessionState => ({ status: 'loading', user: null }),
};

export function getAccessToken(): string | null {
  return accessToken;
}

/** Takes a session reply (sign-in, set password, refresh) as the current session. */
export function establishSession(reply: SessionReply, { announce = true } = {}): void {
  accessToken = reply.accessToken;
  setState({ status: 'signed-in', user: reply.user });
  clearTimeout(refreshTimer);
  // Renew at three quarters of the access token's life, so that requests rarely meet an expired one.
  const lifetime = new Date(reply.accessTokenExpiresAt).getTime() - Date.now();
  refreshTimer = setTimeout(() => void refreshSession(), Math.max(1000, lifetime * 0.75));
  if (announce) channel?.postMessage('signed-in');
}

function endSession({ announce }: { announce: boolean }): void {
  accessToken = null;
  clearTimeout(refreshTimer);
  setState({ status: 'signed-out', user: null });
  if (announce) channel?.postMessage('signed-out');
}

let inflight: Promise<boolean> | null = null;

/**
 * Renews the session from the refresh cookie. Single flight within the tab, and serialised
 * across tabs with a Web Lock: each tab then presents the newest cookie, so tabs do not
 * invalidate each other's refresh tokens. Resolves to whether the person is signed in.
 */
export function refreshSession(): Promise<boolean> {
  inflight ??= withRefreshLock(renew).finally(() => {
    inflight = null;
  });
  return inflight;
}

function withRefreshLock(work: () => Promise<boolean>): Promise<boolean> {
  if (typeof navigator !== 'undefined' && navigator.locks)
    return navigator.locks.request('tasklane-refresh', work).then((signedIn) => signedIn);
  return work();
}

async function renew(): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      establishSession(await authClient.auth.refreshTokens.mutate(null), { announce: false });
      return true;
    } catch (error) {
      // Another browser tab without Web Locks refreshed the same cookie a moment ago: retry once.
      const conflict = error instanceof TRPCClientError && error.data?.appCode === 'REFRESH_CONFLICT';
      if (conflict && attempt === 0) continue;
      endSession({ announce: false });
      return false;
    }
  }
  return false;
}

/** Signs out here and in every other tab. */
export async function signOut(): Promise<void> {
  try {
    await authClient.auth.logout.mutate(null);
  } finally {
    endSession({ announce: true });
  }
}

channel?.addEventListener('message', (event: MessageEvent) => {
  if (event.data === 'signed-out') endSession({ announce: false });
  if (event.data === 'signed-in' && state.status !== 'signed-in') void refreshSession();
});
