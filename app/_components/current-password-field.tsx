'use client';
import { Field } from './field';
import type { Described } from '../_lib/errors';

/** "Current password", asked again before a sensitive change (docs/account.md). */
export function CurrentPasswordField({ error, name = 'password' }: { error: string | undefined; name?: string }) {
  return <Field label="Current password" type="password" name={name} autoComplete="current-password" required error={error} />;
}

/** The refusal to show under that field: its own validation message, or a wrong password. */
export function currentPasswordError(error: Described | null, name = 'password'): string | undefined {
  return error?.fieldErrors[name] ?? (error?.code === 'WRONG_PASSWORD' ? error.message : undefined);
}
