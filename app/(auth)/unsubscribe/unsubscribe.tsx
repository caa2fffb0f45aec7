'use client';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { LinkProblem } from '../../_components/link-problem';
import { SubmitButton } from '../../_components/submit-button';

const WHAT = { mentions: 'when someone mentions you', assignments: 'when someone assigns you a task' } as const;
type Kind = keyof typeof WHAT;

/**
 * Where an email's "Stop emails" link lands. Nothing changes until the button is pressed: mail
 * scanners open links too. The button POSTs to the same endpoint as a mail provider's
 * one-click unsubscribe (RFC 8058).
 */
export function Unsubscribe({ token }: { token: string | null }) {
  const kind = token?.split('.')[1];
  const [state, setState] = useState<'idle' | 'pending' | 'done' | 'invalid' | 'failed'>('idle');
  const unusable = {
    title: 'This link is not valid',
    body: 'Use the link from the email as it came, or turn task emails off on your account page.',
    action: { href: '/account', label: 'Open my account' },
  };
  if (!token || (kind !== 'mentions' && kind !== 'assignments') || state === 'invalid') return <LinkProblem {...unusable} />;
  const what = WHAT[kind as Kind];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setState('pending');
    const response = await fetch(`/api/unsubscribe?t=${encodeURIComponent(token!)}`, { method: 'POST' }).catch(() => null);
    setState(response?.ok ? 'done' : response?.status === 400 ? 'invalid' : 'failed');
  }

  if (state === 'done') {
    return (
      <div className="stack">
        <h1>You will get no more of these emails</h1>
        <p role="status">We stopped the emails {what}. You can turn them back on from your account page.</p>
        <Link href="/account" className="button button-secondary">
          Open my account
        </Link>
      </div>
    );
  }
  return (
    <form className="stack" onSubmit={submit}>
      <h1>Stop task emails</h1>
      {state === 'failed' ? (
        <p role="alert">Something went wrong on our side. Try again in a moment.</p>
      ) : (
        <p>Stop the emails Tasklane sends {what}? Other emails, about your account’s security, still come.</p>
      )}
      <SubmitButton pending={state === 'pending'} pendingLabel="Stopping…">
        Stop these emails
      </SubmitButton>
    </form>
  );
}
