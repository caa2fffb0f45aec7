'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { describeError } from '../_lib/errors';
import { chooseOrganisation } from '../_lib/organisation-store';
import { useTRPC } from '../_lib/trpc';
import { Field } from './field';
import { FormAlert } from './form-alert';
import { SubmitButton } from './submit-button';

/** Creates an organisation owned by the person, and makes it this tab's. */
export function NewOrganisationForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.organisation.create.mutationOptions({
      onSuccess: async ({ id }) => {
        chooseOrganisation(id);
        await queryClient.resetQueries();
        router.push('/');
      },
    }),
  );
  const error = create.isError ? describeError(create.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name: String(new FormData(event.currentTarget).get('name') ?? '') });
  }

  return (
    <form method="post" onSubmit={submit} noValidate className="form-narrow" aria-label="New organisation">
      <FormAlert message={error && !error.fieldErrors['name'] ? error.message : null} />
      <Field label="Organisation name" name="name" required maxLength={80} error={error?.fieldErrors['name']} />
      <SubmitButton pending={create.isPending} pendingLabel="Creating…">
        Create organisation
      </SubmitButton>
    </form>
  );
}
