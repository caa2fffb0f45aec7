'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Confirmed } from '../_components/confirmed-form';
import { FormAlert } from '../_components/form-alert';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';

/** Owners: ask every member for two-step sign-in (docs/mfa.md). */
export function SecondFactorPolicyPanel({ required }: { required: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const change = useMutation(
    trpc.organisation.setSecondFactorPolicy.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        return queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
    }),
  );
  const error = change.isError ? describeError(change.error) : null;
  return (
    <section className="panel stack" aria-labelledby="policy-heading">
      <h2 id="policy-heading">Two-step sign-in</h2>
      <p className="muted">
        {required
          ? 'Every member must have an authenticator app or a passkey. Members without one are asked to add one before they can work here.'
          : 'Members may sign in with a password alone. You can ask every member for a second factor as well.'}
      </p>
      {!confirming && <FormAlert message={error?.message ?? null} />}
      {error?.code === 'OWNER_NEEDS_SECOND_FACTOR' && (
        <p>
          <Link href="/account">Set up two-step sign-in on your account page</Link>
        </p>
      )}
      {confirming ? (
        // Turning it off weakens every member's account: the password and a second factor again.
        <Confirmed
          label="Stop requiring a second factor"
          pendingLabel="Saving…"
          pending={change.isPending}
          error={error}
          onSubmit={(confirmation) => change.mutate({ required: false, ...confirmation })}
        />
      ) : (
        <div>
          <button
            type="button"
            className="button button-secondary"
            disabled={change.isPending}
            onClick={() => (required ? setConfirming(true) : change.mutate({ required: true }))}
          >
            {change.isPending
              ? 'Saving…'
              : required
                ? 'Stop requiring a second factor'
                : 'Require a second factor of every member'}
          </button>
        </div>
      )}
    </section>
  );
}
