import type { Metadata } from 'next';
import { JoinOrganisation } from './join-organisation';

export const metadata: Metadata = { title: 'Join an organisation' };

export default async function JoinPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  return <JoinOrganisation token={typeof token === 'string' ? token : null} />;
}
