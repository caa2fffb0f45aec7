import { Button, H1, H2, Link, Text } from './_components/elements';
import { Layout, NOTICE_FOOTER } from './_components/layout';

export interface PasswordChangedProps {
  resetUrl: string;
  forgotUrl: string;
  expiresInMinutes: number;
}

export default function PasswordChanged({ resetUrl, forgotUrl, expiresInMinutes }: PasswordChangedProps) {
  return (
    <Layout preview="Your Tasklane password was changed" footer={NOTICE_FOOTER}>
      <H1>Your password was changed</H1>
      <Text>
        The password of your Tasklane account was just changed from the account page. Every other session was signed out. If that
        was you, there is nothing more to do.
      </Text>
      <H2>Was this not you?</H2>
      <Text>Choose a new password now: that signs out everyone, including whoever changed it.</Text>
      <Button href={resetUrl}>Reset my password</Button>
      <Text muted>
        This link works once and expires in {expiresInMinutes} minutes. After that, ask for a new one at <Link href={forgotUrl} />
      </Text>
    </Layout>
  );
}

PasswordChanged.PreviewProps = {
  resetUrl: 'http://localhost:3000/set-password?token=preview-token',
  forgotUrl: 'http://localhost:3000/reset-password',
  expiresInMinutes: 60,
} satisfies PasswordChangedProps;
