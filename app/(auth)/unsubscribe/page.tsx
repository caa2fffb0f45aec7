import type { Metadata } from 'next';
import { Unsubscribe } from './unsubscribe';

export const metadata: Metadata = { title: 'Stop task emails' };

export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { t } = await searchParams;
  return <Unsubscribe token={typeof t === 'string' ? t : null} />;
}
