import { Button, H1, Link, Text } from './_components/elements';
import { Layout } from './_components/layout';

export interface VerifyEmailProps {
  url: string;
  expiresInMinutes: number;
}

export default function VerifyEmail({ url, expiresInMinutes }: VerifyEmailProps) {
  return (
    <Layout preview="Confirm your email to finish signing up">
      <H1>Confirm your email address</H1>
      <Text>Welcome to Tasklane. Confirm this address to create your account and choose a password.</Text>
      <Button href={url}>Confirm email</Button>
      <Text muted>
        The link works once and expires in {expiresInMinutes} minutes. If the button does not work, open this address:{' '}
        <Link href={url} />
      </Text>
    </Layout>
  );
}

VerifyEmail.PreviewProps = {
  url: 'http://localhost:3000/verify?token=preview-token',
  expiresInMinutes: 60,
} satisfies VerifyEmailProps;
