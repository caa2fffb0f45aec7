import { Button, H1, H2, Link, Text } from './_components/elements';
import { Layout } from './_components/layout';

export interface AccountExistsProps {
  signInUrl: string;
  resetUrl: string;
}

export default function AccountExists({ signInUrl, resetUrl }: AccountExistsProps) {
  return (
    <Layout preview="You already have a Tasklane account">
      <H1>You already have an account</H1>
      <Text>Someone (probably you) tried to sign up with this address, which already has a Tasklane account.</Text>
      <Button href={signInUrl}>Sign in</Button>
      <H2>Forgot your password?</H2>
      <Text>
        Request a reset link here: <Link href={resetUrl} />
      </Text>
    </Layout>
  );
}

AccountExists.PreviewProps = {
  signInUrl: 'http://localhost:3000/sign-in',
  resetUrl: 'http://localhost:3000/reset-password',
} satisfies AccountExistsProps;
