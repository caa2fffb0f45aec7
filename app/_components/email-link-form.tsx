'use client';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { describeError } from '../_lib/errors';
import { CheckInbox } from './check-inbox';
import { Field } from './field';
import { FormAlert } from './form-alert';
import { SubmitButton } from './submit-button';

interface EmailLinkFormProps {
  title: string;
  lead: string;
  submitLabel: string;
  /** How the inbox screen describes the email: "with a link to …". */
  what: string;
  send: (email: string) => Promise<unknown>;
  footer: ReactNode;
}

/** Asks for an email, sends a link to it, then shows the neutral inbox screen (sign-up and reset). */
export function EmailLinkForm({ title, lead, submitLabel, what, send, footer }: EmailLinkFormProps) {
  const mutation = useMutation({ mutationFn: send });
  const [sentTo, setSentTo] = useState<string | null>(null);

  // Values are read from the form, not from state: text typed before hydration counts too.
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '');
    mutation.mutate(email, { onSuccess: () => setSentTo(email.trim()) });
  }

  if (sentTo) {
    return (
      <CheckInbox
        email={sentTo}
        what={what}
        resend={() => send(sentTo)}
        onChangeEmail={() => {
          mutation.reset();
          setSentTo(null);
        }}
      />
    );
  }

  const error = mutation.isError ? describeError(mutation.error) : null;
  return (
    <>
      <h1>{title}</h1>
      <p className="lead">{lead}</p>
      <form method="post" onSubmit={submit} noValidate>
        <FormAlert message={error && !error.fieldErrors['email'] ? error.message : null} />
        <Field
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          inputMode="email"
          required
          maxLength={254}
          defaultValue={sentTo ?? ''}
          error={error?.fieldErrors['email']}
        />
        <SubmitButton pending={mutation.isPending} pendingLabel="Sending link…">
          {submitLabel}
        </SubmitButton>
      </form>
      <p className="card-footer">{footer}</p>
    </>
  );
}
