'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { FormAlert } from '../_components/form-alert';

export function InviteForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [sent, setSent] = useState<string | null>(null);
  const invite = useMutation(
    trpc.organisation.invite.mutationOptions({
      onSuccess: (invitation) => {
        setSent(`Invitation sent to ${invitation.email}.`);
        void queryClient.invalidateQueries({ queryKey: trpc.organisation.pathKey() });
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(null);
    const form = event.currentTarget;
    const data = new FormData(form);
    const role = data.get('role') === 'admin' ? 'admin' : 'member';
    invite.mutate({ email: String(data.get('email') ?? ''), role }, { onSuccess: () => form.reset() });
  }

  const error = invite.isError ? describeError(invite.error) : null;
  return (
    <form method="post" onSubmit={submit} noValidate aria-label="Invite someone">
      <div className="invite-form">
        <div className="field">
          <label htmlFor="invite-email">Email</label>
          <input
            id="invite-email"
            name="email"
            type="email"
            autoComplete="off"
            required
            maxLength={254}
            aria-invalid={error?.fieldErrors['email'] ? true : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" name="role" defaultValue="member">
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <button type="submit" className="button button-primary" disabled={invite.isPending}>
          {invite.isPending && <span className="spinner" aria-hidden="true" />}
          {invite.isPending ? 'Sending…' : 'Send invitation'}
        </button>
      </div>
      <FormAlert message={error ? (error.fieldErrors['email'] ?? error.message) : null} />
      <FormAlert tone="ok" message={sent} />
    </form>
  );
}
