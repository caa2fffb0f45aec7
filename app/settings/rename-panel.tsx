'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Field } from '../_components/field';
import { FormAlert } from '../_components/form-alert';
import { SubmitButton } from '../_components/submit-button';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';

export function RenamePanel({ name }: { name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rename = useMutation(
    trpc.organisation.rename.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
    }),
  );
  const error = rename.isError ? describeError(rename.error) : null;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    rename.mutate({ name: String(new FormData(event.currentTarget).get('name') ?? '') });
  }
  return (
    <section className="panel stack" aria-labelledby="rename-heading">
      <h2 id="rename-heading">Name</h2>
      <FormAlert tone="ok" message={rename.isSuccess ? 'Renamed.' : null} />
      <form method="post" onSubmit={submit} noValidate className="form-narrow">
        <FormAlert message={error && !error.fieldErrors['name'] ? error.message : null} />
        <Field
          label="Organisation name"
          name="name"
          defaultValue={name}
          required
          maxLength={80}
          error={error?.fieldErrors['name']}
        />
        <SubmitButton pending={rename.isPending} pendingLabel="Saving…">
          Rename
        </SubmitButton>
      </form>
    </section>
  );
}
