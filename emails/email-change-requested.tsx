import { Button, H1, H2, Text } from './_components/elements';
import { Layout, NOTICE_FOOTER } from './_components/layout';

export interface EmailChangeRequestedProps {
  newEmail: string;
  cancelUrl: string;
  expiresInDays: number;
}

export default function EmailChangeRequested({ newEmail, cancelUrl, expiresInDays }: EmailChangeRequestedProps) {
  return (
    <Layout preview="Someone asked to change your Tasklane email" footer={NOTICE_FOOTER}>
      <H1>A change of email was requested</H1>
      <Text>
        Someone signed in to your Tasklane account asked to change its email to <strong>{newEmail}</strong>. It changes only once
        that address confirms. If that was you, there is nothing more to do.
      </Text>
      <H2>Was this not you?</H2>
      <Text>
        Cancel it: the change is stopped, every session is signed out, and you choose a new password (whoever asked knew the
        current one).
      </Text>
      <Button href={cancelUrl}>This was not me</Button>
      <Text muted>The link works once, for {expiresInDays} days.</Text>
    </Layout>
  );
}

EmailChangeRequested.PreviewProps = {
  newEmail: 'new.address@example.com',
  cancelUrl: 'http://localhost:3000/revert-email?token=preview-token',
  expiresInDays: 7,
} satisfies EmailChangeRequestedProps;
