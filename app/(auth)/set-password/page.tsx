import type { Metadata } from 'next';
import { SetPasswordForm } from './set-password-form';

export const metadata: Metadata = { title: 'Choose a password' };

export default async function SetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token, from } = await searchParams;
  return (
    <SetPasswordForm token={typeof token === 'string' ? token : null} isNewAccount={from === 'verify' || from === 'invite'} />
  );
}
