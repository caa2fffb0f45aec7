import { Button, H1, H2, Text } from './_components/elements';
import { Layout, NOTICE_FOOTER } from './_components/layout';

export interface EmailChangedProps {
  newEmail: string;
  revertUrl: string;
  expiresInDays: number;
}

export default function EmailChanged({ newEmail, revertUrl, expiresInDays }: EmailChangedProps) {
  return (
    <Layout preview="Your Tasklane email was changed" footer={NOTICE_FOOTER}>
      <H1>Your email was changed</H1>
      <Text>
        Your Tasklane account now signs in with <strong>{newEmail}</strong>, and this address no longer does. Every other session
        was signed out.
      </Text>
      <H2>Was this not you?</H2>
      <Text>Take the account back: this address is put back, every session is signed out, and you choose a new password.</Text>
      <Button href={revertUrl}>Undo this change</Button>
      <Text muted>The link works once, for {expiresInDays} days.</Text>
    </Layout>
  );
}

EmailChanged.PreviewProps = {
  newEmail: 'new.address@example.com',
  revertUrl: 'http://localhost:3000/revert-email?token=preview-token',
  expiresInDays: 7,
} satisfies EmailChangedProps;
