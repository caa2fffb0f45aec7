'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useState } from 'react';
import { TAB_ID } from './tab-id';
import { useTRPC } from './trpc';

/** Changes heard within this long are read again together. */
const GATHER_MS = 150;

/**
 * Keeps this tab's views of the organisation's tasks and lists current: every change another
 * tab or member makes arrives as an event (server/live/stream.ts) naming what changed, and the
 * views that show tasks and lists are read again. Nothing is applied from the event itself, so
 * the person's own change, already shown optimistically, is never applied twice: it is read
 * again, and what someone else changed meanwhile shows. The stream resumes from the last event
 * applied after a drop; one too far behind asks for everything to be read again, as this does.
 */
export function useLiveUpdates(organisationId: string | null): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [gather] = useState(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    return {
      readAgain() {
        timer ??= setTimeout(() => {
          timer = null;
          void queryClient.invalidateQueries({ queryKey: trpc.task.pathKey() });
          void queryClient.invalidateQueries({ queryKey: trpc.comment.pathKey() });
          void queryClient.invalidateQueries({ queryKey: trpc.list.all.queryKey() });
          void queryClient.invalidateQueries({ queryKey: trpc.organisation.pathKey() });
        }, GATHER_MS);
      },
      stop() {
        if (timer) clearTimeout(timer);
      },
    };
  });
  useEffect(() => gather.stop, [gather]);
  useSubscription(
    trpc.live.events.subscriptionOptions(
      {},
      {
        enabled: organisationId !== null,
        // This tab's own change: it read its views again when the change was saved.
        onData: (event) =>
          TAB_ID !== null && (event.data.data as Record<string, unknown>)['tab'] === TAB_ID ? undefined : gather.readAgain(),
      },
    ),
  );
}
