'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from '@trpc/client';
import { useEffect, useState, type ReactNode } from 'react';
import { MAX_BATCH_SIZE } from '@/server/trpc/batch-size';
import type { AppRouter } from '@/server/trpc/routers/_app';
import { retryAfterRefreshLink } from '../_lib/auth-link';
import { currentOrganisation } from '../_lib/organisation-store';
import { getAccessToken, refreshSession, sessionStore } from '../_lib/session-store';
import { TAB_ID } from '../_lib/tab-id';
import { TRPCProvider } from '../_lib/trpc';

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: false, refetchOnWindowFocus: false } } }),
  );
  const [trpcClient] = useState(() => {
    const client: TRPCClient<AppRouter> = createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          // Live updates over Server-Sent Events. EventSource sends no Authorization header and
          // a token must not travel in a URL: each (re)connection asks for a single-use ticket
          // with the access token, and opens the stream with it (server/live/tickets.ts).
          true: httpSubscriptionLink({
            url: '/api/trpc',
            connectionParams: async () => ({ ticket: (await client.live.ticket.mutate()).ticket }),
          }),
          false: [
            retryAfterRefreshLink,
            httpBatchLink({
              url: '/api/trpc',
              maxItems: MAX_BATCH_SIZE,
              headers: () => {
                const token = getAccessToken();
                const organisation = currentOrganisation();
                return {
                  ...(token ? { authorization: `Bearer ${token}` } : {}),
                  ...(organisation ? { 'x-organisation-id': organisation } : {}),
                  ...(TAB_ID ? { 'x-tab-id': TAB_ID } : {}),
                };
              },
            }),
          ],
        }),
      ],
    });
    return client;
  });

  useEffect(() => {
    // Restore the session from the refresh cookie once per page load.
    if (sessionStore.getSnapshot().status === 'loading') void refreshSession();
    // Private data must not outlive the session in this tab's cache.
    let previous = sessionStore.getSnapshot().status;
    const unsubscribe = sessionStore.subscribe(() => {
      const { status } = sessionStore.getSnapshot();
      if (previous === 'signed-in' && status === 'signed-out') queryClient.clear();
      previous = status;
    });
    return unsubscribe;
  }, [queryClient]);

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
