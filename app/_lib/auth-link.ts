'use client';
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AppRouter } from '@/server/trpc/routers/_app';
import { refreshSession } from './session-store';

/**
 * On UNAUTHORIZED from a protected call: refresh once (shared by concurrent calls) and retry.
 * If the refresh fails the session store signs the person out, and the error stands.
 */
export const retryAfterRefreshLink: TRPCLink<AppRouter> = () => {
  return ({ next, op }) =>
    observable((observer) => {
      let retried = false;
      let subscription = next(op).subscribe({
        next: (v) => observer.next(v),
        error: onError,
        complete: () => observer.complete(),
      });

      function onError(error: TRPCClientError<AppRouter>) {
        const unauthorized = error instanceof TRPCClientError && error.data?.code === 'UNAUTHORIZED';
        if (!unauthorized || retried || op.path.startsWith('auth.')) return observer.error(error);
        retried = true;
        void refreshSession().then((signedIn) => {
          if (!signedIn) return observer.error(error);
          subscription = next(op).subscribe({
            next: (v) => observer.next(v),
            error: (e) => observer.error(e),
            complete: () => observer.complete(),
          });
        });
      }
      return () => subscription.unsubscribe();
    });
};
