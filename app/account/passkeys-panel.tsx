'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field } from '../_components/field';
import { FormAlert } from '../_components/form-alert';
import { SubmitButton } from '../_components/submit-button';
import { describeError } from '../_lib/errors';
import { when } from '../_lib/activity-words';
import { createPasskey } from '../_lib/passkey';
import { useTRPC, useTRPCClient } from '../_lib/trpc';
import { RecoveryCodes } from './recovery-codes';
import { Confirmed } from '../_components/confirmed-form';
import { CheckEmailForGrant, forgetFactorGrant, useFactorGrant } from './factor-grant';
import type { StepUpInput } from '../_components/step-up-field';

type PasskeyRow = { id: string; name: string; createdAt: string; lastUsedAt: string | null };

/** Adding a passkey: a name, the password (and a second factor if there is one), then the browser's own prompt. */
function AddPasskey({ onAdded }: { onAdded: (codes: string[] | null) => void }) {
  const client = useTRPCClient();
  const { grant, emailed } = useFactorGrant();
  const [problem, setProblem] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: async ({ name, ...confirmation }: { name: string; password: string } & StepUpInput) => {
      const options = await client.mfa.beginPasskey.mutate({ ...confirmation, grant });
      if ('confirmByEmail' in options) {
        emailed(options.sentTo);
        return null;
      }
      let response;
      try {
        response = await createPasskey(options);
      } catch {
        throw new Error('The browser did not create a passkey. Try again when you are ready to confirm on your device.');
      }
      return client.mfa.finishPasskey.mutate({ name, response, grant });
    },
    onSuccess: (reply) => {
      if (!reply) return;
      forgetFactorGrant();
      onAdded(reply.recoveryCodes);
    },
    onError: (error) => setProblem(error instanceof Error && !('data' in error) ? error.message : null),
  });
  const serverError = add.isError && !problem ? describeError(add.error) : null;
  const nameError = serverError?.fieldErrors['name'];
  return (
    <>
      <CheckEmailForGrant />
      <Confirmed
        label="Add a passkey"
        pendingLabel="Waiting for your device…"
        pending={add.isPending}
        error={serverError}
        alert={problem ?? (nameError ? null : undefined)}
        onSubmit={(confirmation, form) => {
          setProblem(null);
          add.mutate({ name: String(form.get('name') ?? ''), ...confirmation });
        }}
      >
        <Field
          label="Passkey name"
          name="name"
          defaultValue="This device"
          maxLength={60}
          required
          error={nameError}
          hint="So you can tell your passkeys apart."
        />
      </Confirmed>
    </>
  );
}

function PasskeyItem({ passkey }: { passkey: PasskeyRow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'rename' | 'remove' | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.mfa.pathKey() });
  const rename = useMutation(trpc.mfa.renamePasskey.mutationOptions({ onSuccess: () => (setMode(null), refresh()) }));
  const remove = useMutation(trpc.mfa.removePasskey.mutationOptions({ onSuccess: refresh }));
  const renameError = rename.isError ? describeError(rename.error) : null;
  return (
    <li className="stack">
      <div className="row">
        <span>
          <strong>{passkey.name}</strong>{' '}
          <span className="muted">
            added {when(passkey.createdAt)}
            {passkey.lastUsedAt ? `, last used ${when(passkey.lastUsedAt)}` : ', not used yet'}
          </span>
        </span>
        <button type="button" className="button button-ghost" onClick={() => setMode(mode === 'rename' ? null : 'rename')}>
          Rename<span className="visually-hidden"> {passkey.name}</span>
        </button>
        <button
          type="button"
          className="button button-ghost button-danger"
          onClick={() => setMode(mode === 'remove' ? null : 'remove')}
        >
          Remove<span className="visually-hidden"> {passkey.name}</span>
        </button>
      </div>
      {mode === 'rename' && (
        <form
          method="post"
          noValidate
          className="form-narrow"
          onSubmit={(event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            rename.mutate({ id: passkey.id, name: String(new FormData(event.currentTarget).get('name') ?? '') });
          }}
        >
          <FormAlert message={renameError && !renameError.fieldErrors['name'] ? renameError.message : null} />
          <Field
            label="New name"
            name="name"
            defaultValue={passkey.name}
            maxLength={60}
            required
            error={renameError?.fieldErrors['name']}
          />
          <SubmitButton pending={rename.isPending} pendingLabel="Saving…">
            Save name
          </SubmitButton>
        </form>
      )}
      {mode === 'remove' && (
        <Confirmed
          label={`Remove ${passkey.name}`}
          pendingLabel="Removing…"
          pending={remove.isPending}
          error={remove.isError ? describeError(remove.error) : null}
          onSubmit={(input) => remove.mutate({ id: passkey.id, ...input })}
        />
      )}
    </li>
  );
}

/** Passkeys: sign in with the device's lock instead of a password, and a second factor after one. */
export function PasskeysPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const passkeys = useQuery(trpc.mfa.passkeys.queryOptions());
  const [adding, setAdding] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.mfa.pathKey() });
  return (
    <section className="panel stack" aria-labelledby="passkeys-heading">
      <h2 id="passkeys-heading">Passkeys</h2>
      <p className="muted">
        A passkey lives on your phone, computer or security key and is unlocked with your fingerprint, face or PIN. It signs you
        in without a password, and counts as a second factor after your password.
      </p>
      {codes ? (
        <RecoveryCodes
          codes={codes}
          intro="Your passkey is added. Save these recovery codes now: each lets you in once if you lose your devices, and they are shown only this once."
          onDone={() => setCodes(null)}
        />
      ) : null}
      {passkeys.isPending ? (
        <p className="muted">Loading…</p>
      ) : passkeys.isError ? (
        <p role="alert">{describeError(passkeys.error).message}</p>
      ) : passkeys.data.length === 0 ? (
        <p>No passkeys yet.</p>
      ) : (
        <ul className="plain-list stack" aria-label="Your passkeys">
          {passkeys.data.map((passkey) => (
            <PasskeyItem key={passkey.id} passkey={passkey} />
          ))}
        </ul>
      )}
      {adding ? (
        <AddPasskey
          onAdded={(recoveryCodes) => {
            setAdding(false);
            setCodes(recoveryCodes);
            refresh();
          }}
        />
      ) : (
        <div>
          <button type="button" className="button button-secondary" onClick={() => setAdding(true)}>
            Add a passkey
          </button>
        </div>
      )}
    </section>
  );
}
