import { Button, H1, Link, Text } from './_components/elements';
import { Layout } from './_components/layout';

export interface ResetPasswordProps {
  url: string;
  expiresInMinutes: number;
}

export default function ResetPassword({ url, expiresInMinutes }: ResetPasswordProps) {
  return (
    <Layout preview="Reset your Tasklane password">
      <H1>Reset your password</H1>
      <Text>We received a request to reset the password of your Tasklane account. Choose a new one here:</Text>
      <Button href={url}>Choose a new password</Button>
      <Text muted>
        The link works once and expires in {expiresInMinutes} minutes. Setting a new password signs you out everywhere. If the
        button does not work, open this address: <Link href={url} />
      </Text>
    </Layout>
  );
}

ResetPassword.PreviewProps = {
  url: 'http://localhost:3000/set-password?token=preview-token',
  expiresInMinutes: 60,
} satisfies ResetPasswordProps;
