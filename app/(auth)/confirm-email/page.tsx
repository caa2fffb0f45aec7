import type { Metadata } from 'next';
import { ConfirmEmailChange } from './confirm-email-change';

export const metadata: Metadata = { title: 'Confirm your new email' };

export default async function ConfirmEmailPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  return <ConfirmEmailChange token={typeof token === 'string' ? token : null} />;
}
