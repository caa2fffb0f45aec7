import { Button, H1, Link, Text } from './_components/elements';
import { Layout } from './_components/layout';

export interface ConfirmEmailChangeProps {
  url: string;
  newEmail: string;
  expiresInMinutes: number;
}

export default function ConfirmEmailChange({ url, newEmail, expiresInMinutes }: ConfirmEmailChangeProps) {
  return (
    <Layout preview="Confirm your new email for Tasklane">
      <H1>Confirm your new email</H1>
      <Text>
        Someone (probably you) asked to make <strong>{newEmail}</strong> the email of their Tasklane account. Open this link and
        confirm to make the change:
      </Text>
      <Button href={url}>Review the change</Button>
      <Text muted>
        The link works once and expires in {expiresInMinutes} minutes. Nothing changes until you confirm. If the button does not
        work, open this address: <Link href={url} />
      </Text>
    </Layout>
  );
}

ConfirmEmailChange.PreviewProps = {
  url: 'http://localhost:3000/confirm-email?token=preview-token',
  newEmail: 'new.address@example.com',
  expiresInMinutes: 60,
} satisfies ConfirmEmailChangeProps;
