import type { Metadata } from 'next';
import { RevertEmail } from './revert-email';

export const metadata: Metadata = { title: 'Take back your account' };

export default async function RevertEmailPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  return <RevertEmail token={typeof token === 'string' ? token : null} />;
}
