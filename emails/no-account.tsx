import { Button, H1, Text } from './_components/elements';
import { Layout } from './_components/layout';

export interface NoAccountProps {
  signUpUrl: string;
}

export default function NoAccount({ signUpUrl }: NoAccountProps) {
  return (
    <Layout preview="There is no Tasklane account for this address">
      <H1>No account with this address</H1>
      <Text>
        Someone asked to reset the Tasklane password for this email address, but it has no account. If you meant to join, sign up
        instead:
      </Text>
      <Button href={signUpUrl}>Sign up</Button>
    </Layout>
  );
}

NoAccount.PreviewProps = { signUpUrl: 'http://localhost:3000/sign-up' } satisfies NoAccountProps;
