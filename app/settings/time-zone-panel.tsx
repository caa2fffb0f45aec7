'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, type FormEvent } from 'react';
import { FormAlert } from '../_components/form-alert';
import { SubmitButton } from '../_components/submit-button';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';

/** The owner sets the time zone due days are read in ("today", "overdue"). */
export function TimeZonePanel({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const zones = useMemo(() => ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')], []);
  const save = useMutation(
    trpc.organisation.setTimeZone.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.task.pathKey() }),
        ]),
    }),
  );
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ timeZone: String(new FormData(event.currentTarget).get('timeZone') ?? '') });
  }
  return (
    <section className="panel stack" aria-labelledby="time-zone-heading">
      <h2 id="time-zone-heading">Time zone</h2>
      <p className="muted">Due dates are days in this time zone: it decides what is due today and what is overdue.</p>
      <FormAlert tone="ok" message={save.isSuccess ? 'Time zone saved.' : null} />
      <FormAlert message={save.isError ? describeError(save.error).message : null} />
      <form method="post" onSubmit={submit} className="form-narrow">
        <div className="field">
          <label htmlFor="time-zone">Time zone</label>
          <select id="time-zone" name="timeZone" defaultValue={timeZone}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        <SubmitButton pending={save.isPending} pendingLabel="Saving…">
          Save time zone
        </SubmitButton>
      </form>
    </section>
  );
}
