'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { useEffect, useState, type ReactNode } from 'react';
import { MAX_BATCH_SIZE } from '@/server/trpc/batch-size';
import type { AppRouter } from '@/server/trpc/routers/_app';
import { retryAfterRefreshLink } from '../_lib/auth-link';
import { currentOrganisation } from '../_lib/organisation-store';
import { getAccessToken, refreshSession, sessionStore } from '../_lib/session-store';
import { TRPCProvider } from '../_lib/trpc';

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: false, refetchOnWindowFocus: false } } }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
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
            };
          },
        }),
      ],
    }),
  );

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
