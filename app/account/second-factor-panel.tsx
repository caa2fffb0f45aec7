'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Field } from '../_components/field';
import { FormAlert } from '../_components/form-alert';
import { SubmitButton } from '../_components/submit-button';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { RecoveryCodes } from './recovery-codes';
import { Confirmed } from '../_components/confirmed-form';
import { CheckEmailForGrant, forgetFactorGrant, useFactorGrant } from './factor-grant';

/** The secret as people copy it by hand: groups of four. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)!.join(' ');

/** The QR code of the otpauth URI, drawn in the browser (the secret never leaves for an image service). */
function QrCode({ uri }: { uri: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import('qrcode').then((qr) => qr.toDataURL(uri, { margin: 1, width: 200 })).then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [uri]);
  return src ? (
    // eslint-disable-next-line @next/next/no-img-element -- a data: URL made here, not an asset to optimise
    <img src={src} width={200} height={200} alt="QR code to scan with your authenticator app" className="qr-code" />
  ) : (
    <div className="qr-code" aria-hidden="true" />
  );
}

/** Adding an authenticator app: the password, then scan, then a code; the first factor shows the recovery codes. */
function SetUp() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { grant, emailed } = useFactorGrant();
  const begin = useMutation(
    trpc.mfa.beginAuthenticator.mutationOptions({
      onSuccess: (reply) => {
        if ('confirmByEmail' in reply) emailed(reply.sentTo);
      },
    }),
  );
  const finish = useMutation(
    trpc.mfa.finishAuthenticator.mutationOptions({
      onSuccess: (reply) => {
        forgetFactorGrant();
        if (!reply.recoveryCodes) void queryClient.invalidateQueries({ queryKey: trpc.mfa.pathKey() });
      },
    }),
  );
  const started = begin.data && !('confirmByEmail' in begin.data) ? begin.data : null;

  if (finish.data?.recoveryCodes) {
    return (
      <RecoveryCodes
        codes={finish.data.recoveryCodes}
        intro="Your authenticator app is set up. Save these recovery codes now: each lets you in once if you lose your phone, and they are shown only this once."
        onDone={() => void queryClient.invalidateQueries({ queryKey: trpc.mfa.pathKey() })}
      />
    );
  }

  if (started) {
    const error = finish.isError ? describeError(finish.error) : null;
    const codeError = error?.fieldErrors['code'] ?? (error?.code === 'WRONG_CODE' ? error.message : undefined);
    return (
      <div className="stack">
        <ol className="steps">
          <li>Open your authenticator app (for example 1Password, Google Authenticator, Aegis or Microsoft Authenticator).</li>
          <li>Scan this QR code, or type the key below into the app.</li>
          <li>Enter the 6-digit code the app then shows for Tasklane.</li>
        </ol>
        <QrCode uri={started.uri} />
        <p>
          Key: <code data-testid="totp-secret">{grouped(started.secret)}</code>
        </p>
        <form
          method="post"
          noValidate
          className="form-narrow"
          onSubmit={(event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            finish.mutate({ code: String(new FormData(event.currentTarget).get('code') ?? ''), grant });
          }}
        >
          <FormAlert message={error && !codeError ? error.message : null} />
          <Field
            label="Code from the app"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            required
            error={codeError}
          />
          <SubmitButton pending={finish.isPending} pendingLabel="Checking…">
            Turn on
          </SubmitButton>
        </form>
      </div>
    );
  }

  return (
    <>
      <CheckEmailForGrant />
      <Confirmed
        label="Set up an authenticator app"
        pendingLabel="Checking…"
        pending={begin.isPending}
        error={begin.isError ? describeError(begin.error) : null}
        onSubmit={(input) => begin.mutate({ ...input, grant })}
      />
    </>
  );
}

function Enrolled({ codesLeft }: { codesLeft: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<'codes' | 'remove' | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.mfa.pathKey() });
  const regenerate = useMutation(trpc.mfa.regenerateRecoveryCodes.mutationOptions());
  const remove = useMutation(trpc.mfa.removeAuthenticator.mutationOptions({ onSuccess: refresh }));

  if (regenerate.data) {
    return (
      <RecoveryCodes
        codes={regenerate.data.recoveryCodes}
        intro="Your new recovery codes: the old ones no longer work. Save these now; they are shown only this once."
        onDone={() => {
          regenerate.reset();
          setAction(null);
          refresh();
        }}
      />
    );
  }
  return (
    <div className="stack">
      <p>
        <strong>Authenticator app: on.</strong> Signing in asks for a code after your password.{' '}
        <span data-testid="recovery-codes-left">
          {codesLeft} recovery code{codesLeft === 1 ? '' : 's'} left.
        </span>
      </p>
      {codesLeft <= 3 && (
        <p className="alert alert-error" role="status">
          You are running out of recovery codes. Make new ones so you are not locked out if you lose your phone.
        </p>
      )}
      <div className="row">
        <button type="button" className="button button-secondary" onClick={() => setAction(action === 'codes' ? null : 'codes')}>
          Make new recovery codes
        </button>
        <button
          type="button"
          className="button button-ghost button-danger"
          onClick={() => setAction(action === 'remove' ? null : 'remove')}
        >
          Remove authenticator app
        </button>
      </div>
      {action === 'codes' && (
        <Confirmed
          label="Make new recovery codes"
          pendingLabel="Making codes…"
          pending={regenerate.isPending}
          error={regenerate.isError ? describeError(regenerate.error) : null}
          onSubmit={(input) => regenerate.mutate(input)}
        />
      )}
      {action === 'remove' && (
        <Confirmed
          label="Remove authenticator app"
          pendingLabel="Removing…"
          pending={remove.isPending}
          error={remove.isError ? describeError(remove.error) : null}
          onSubmit={(input) => remove.mutate(input)}
        />
      )}
    </div>
  );
}

/** Second factor: an authenticator app and its recovery codes (docs/mfa.md). */
export function SecondFactorPanel() {
  const trpc = useTRPC();
  const status = useQuery(trpc.mfa.status.queryOptions());
  return (
    <section className="panel stack" aria-labelledby="second-factor-heading">
      <h2 id="second-factor-heading">Two-step sign-in</h2>
      <p className="muted">
        A code from an app on your phone, asked for after your password, keeps your account safe even if your password leaks.
        Sensitive changes ask for a code too.
      </p>
      {status.isPending ? (
        <p className="muted">Loading…</p>
      ) : status.isError ? (
        <p role="alert">{describeError(status.error).message}</p>
      ) : status.data.authenticator ? (
        <Enrolled codesLeft={status.data.recoveryCodesLeft} />
      ) : (
        <SetUp />
      )}
    </section>
  );
}
