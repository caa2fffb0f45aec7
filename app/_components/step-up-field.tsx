'use client';
import { useQuery } from '@tanstack/react-query';
import { proveWithPasskey, type PasskeyAssertion } from '../_lib/passkey';
import { useState } from 'react';
import { Field } from './field';
import type { Described } from '../_lib/errors';
import { useTRPC, useTRPCClient } from '../_lib/trpc';

type Method = 'code' | 'passkey' | 'recovery';
export type StepUpInput = { code?: string; recoveryCode?: string; passkey?: PasskeyAssertion };

/**
 * With a second factor on, a sensitive change also asks for one: a code from the app, the
 * passkey (asked for when the form is sent), or a recovery code. `field` renders the choice;
 * `proof` reads the form (or runs the passkey) into the mutation's input, empty when the
 * account has no factor.
 */
export function useStepUp() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const status = useQuery(trpc.mfa.status.queryOptions());
  const [chosen, setChosen] = useState<Method | null>(null);
  const factors = status.data;
  const needed = Boolean(factors && (factors.authenticator || factors.passkeys > 0));
  const method: Method = chosen ?? (factors?.authenticator ? 'code' : factors?.passkeys ? 'passkey' : 'recovery');

  async function proof(form: FormData): Promise<{ input: StepUpInput } | { problem: string }> {
    if (!needed) return { input: {} };
    if (method === 'passkey') {
      try {
        return { input: { passkey: await proveWithPasskey(await client.mfa.stepUpPasskeyOptions.mutate()) } };
      } catch {
        return { problem: 'The passkey was not used. Try again, or use another way to confirm.' };
      }
    }
    const typed = String(form.get(method === 'code' ? 'code' : 'recoveryCode') ?? '').trim();
    return { input: method === 'code' ? { code: typed } : { recoveryCode: typed } };
  }

  // A render function, not a component: a component made here would be new at every render,
  // and React would remount the input and lose what was typed.
  function field(error: string | undefined) {
    if (!needed || !factors) return null;
    const others: [Method, string][] = (
      [
        ['code', 'Use a code from my app'],
        ['passkey', 'Use my passkey'],
        ['recovery', 'Use a recovery code'],
      ] as [Method, string][]
    ).filter(([m]) => m !== method && (m === 'recovery' || (m === 'code' ? factors.authenticator : factors.passkeys > 0)));
    const switches = (
      <span className="row">
        {others.map(([m, label]) => (
          <button key={m} type="button" className="link-button" onClick={() => setChosen(m)}>
            {label}
          </button>
        ))}
      </span>
    );
    if (method === 'passkey') {
      return (
        <div className="field">
          <div className="field-label-row">
            <span>Second factor</span>
            {switches}
          </div>
          <p className="hint">Your browser asks for your passkey when you send this form.</p>
          {error && <p className="field-error">{error}</p>}
        </div>
      );
    }
    return method === 'recovery' ? (
      <Field
        label="Recovery code"
        name="recoveryCode"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        required
        error={error}
        aside={switches}
      />
    ) : (
      <Field
        label="Code from your authenticator app"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        required
        error={error}
        aside={switches}
      />
    );
  }

  return { proof, field };
}

/** What to show under the step-up field, if the server's refusal was about it. */
export function stepUpError(error: Described | null): string | undefined {
  if (!error) return undefined;
  return (
    error.fieldErrors['code'] ??
    error.fieldErrors['recoveryCode'] ??
    (error.code === 'WRONG_CODE' || error.code === 'SECOND_FACTOR_REQUIRED' || error.code === 'PASSKEY_REFUSED'
      ? error.message
      : undefined)
  );
}
