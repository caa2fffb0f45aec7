'use client';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../_lib/errors';
import { FormAlert } from './form-alert';

interface CheckInboxProps {
  email: string;
  what: string;
  resend: () => Promise<unknown>;
  onChangeEmail: () => void;
}

/** The neutral "check your inbox" screen: it reads the same whether or not the address has an account. */
export function CheckInbox({ email, what, resend, onChangeEmail }: CheckInboxProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [sentAgain, setSentAgain] = useState(false);
  const again = useMutation({ mutationFn: resend, onSuccess: () => setSentAgain(true) });
  useEffect(() => heading.current?.focus(), []);

  return (
    <div className="stack">
      <h1 ref={heading} tabIndex={-1}>
        Check your inbox
      </h1>
      <p>
        We sent an email to <strong>{email}</strong> {what}. The link in it works once and expires in one hour.
      </p>
      <p className="muted">Nothing there after a few minutes? Look in your spam folder, or send it again.</p>
      <FormAlert message={again.isError ? describeError(again.error).message : null} />
      <FormAlert tone="ok" message={sentAgain && !again.isPending && !again.isError ? 'We sent the email again.' : null} />
      <button type="button" className="button button-secondary" disabled={again.isPending} onClick={() => again.mutate()}>
        {again.isPending && <span className="spinner" aria-hidden="true" />}
        {again.isPending ? 'Sending…' : 'Resend email'}
      </button>
      <button type="button" className="button button-secondary" onClick={onChangeEmail}>
        Use a different email
      </button>
    </div>
  );
}
