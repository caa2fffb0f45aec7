'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { Field } from '../_components/field';
import { FormAlert } from '../_components/form-alert';
import { SubmitButton } from '../_components/submit-button';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';

/** The name others see beside tasks, in member lists and, later, in mentions. */
export function NamePanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  const save = useMutation(
    trpc.account.setName.mutationOptions({
      // The name shows in the header, in member lists and on tasks (their author and assignee).
      onSuccess: () =>
        void Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.organisation.members.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.task.pathKey() }),
        ]),
    }),
  );
  const serverError = save.isError ? describeError(save.error) : null;
  const nameError = serverError?.fieldErrors['name'];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ name: String(new FormData(event.currentTarget).get('name') ?? '') });
  }

  return (
    <section className="panel stack" aria-labelledby="name-heading">
      <h2 id="name-heading">Your name</h2>
      {me.isPending ? (
        <p className="muted" role="status">
          Loading your name…
        </p>
      ) : (
        <form key={me.data?.user.name} method="post" onSubmit={submit} noValidate className="form-narrow">
          <FormAlert message={serverError && !nameError ? serverError.message : null} />
          <FormAlert tone="ok" message={save.isSuccess ? 'Saved: your team sees this name now.' : null} />
          <Field
            label="Name"
            name="name"
            autoComplete="name"
            maxLength={60}
            required
            defaultValue={me.data?.user.name ?? ''}
            hint="What your team sees beside your tasks and in the member list."
            error={nameError}
          />
          <SubmitButton pending={save.isPending} pendingLabel="Saving…">
            Save name
          </SubmitButton>
        </form>
      )}
    </section>
  );
}
