import type { Metadata } from 'next';
import { CancelRecovery } from './cancel-recovery';

export const metadata: Metadata = { title: 'Cancel the removal of your second factors' };

export default async function CancelRecoveryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  return <CancelRecovery token={typeof token === 'string' ? token : null} />;
}
