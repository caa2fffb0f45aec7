import { Button, H1, Link, Text } from './_components/elements';
import { Layout } from './_components/layout';

export interface InvitationProps {
  url: string;
  organisationName: string;
  invitedBy: string;
  role: string;
  expiresInDays: number;
}

export default function Invitation({ url, organisationName, invitedBy, role, expiresInDays }: InvitationProps) {
  return (
    <Layout preview={`${invitedBy} invited you to ${organisationName} on Tasklane`}>
      <H1>Join {organisationName} on Tasklane</H1>
      <Text>
        {invitedBy} invited you to share task lists in <strong>{organisationName}</strong> as{' '}
        {role === 'admin' ? 'an admin' : 'a member'}.
      </Text>
      <Button href={url}>Accept invitation</Button>
      <Text muted>
        The link works once and expires in {expiresInDays} days. If the button does not work, open this address:{' '}
        <Link href={url} />
      </Text>
    </Layout>
  );
}

Invitation.PreviewProps = {
  url: 'http://localhost:3000/join?token=preview-token',
  organisationName: "ada's organisation",
  invitedBy: 'ada@example.com',
  role: 'member',
  expiresInDays: 7,
} satisfies InvitationProps;
