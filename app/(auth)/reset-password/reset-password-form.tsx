'use client';
import Link from 'next/link';
import { EmailLinkForm } from '../../_components/email-link-form';
import { useTRPCClient } from '../../_lib/trpc';

export function ResetPasswordForm() {
  const client = useTRPCClient();
  return (
    <EmailLinkForm
      title="Reset your password"
      lead="Enter the email you signed up with and we will send you a link to choose a new password."
      submitLabel="Send reset link"
      what="with the next step to reset your password"
      send={(email) => client.auth.resetPassword.mutate({ email })}
      footer={
        <>
          Remembered it? <Link href="/sign-in">Sign in</Link>
        </>
      }
    />
  );
}
