'use client';
import Link from 'next/link';
import { EmailLinkForm } from '../../_components/email-link-form';
import { useTRPCClient } from '../../_lib/trpc';

export function SignUpForm() {
  const client = useTRPCClient();
  return (
    <EmailLinkForm
      title="Create your account"
      lead="Enter your email. We will send you a link to confirm it and choose a password."
      submitLabel="Sign up"
      what="with a link to confirm your address and choose a password"
      send={(email) => client.auth.signUp.mutate({ email })}
      footer={
        <>
          Already have an account? <Link href="/sign-in">Sign in</Link>
        </>
      }
    />
  );
}
