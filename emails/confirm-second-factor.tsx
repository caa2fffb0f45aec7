import { Button, H1, Link, Text } from './_components/elements';
import { Layout } from './_components/layout';

export interface ConfirmSecondFactorProps {
  url: string;
  expiresInMinutes: number;
}

export default function ConfirmSecondFactor({ url, expiresInMinutes }: ConfirmSecondFactorProps) {
  return (
    <Layout preview="Confirm adding two-step sign-in to your Tasklane account">
      <H1>Add two-step sign-in?</H1>
      <Text>
        Someone signed in to your Tasklane account with its password asked to add an authenticator app or a passkey. Open this
        link in the browser where you are signed in to continue:
      </Text>
      <Button href={url}>Continue adding a second factor</Button>
      <Text muted>
        The link works once and expires in {expiresInMinutes} minutes. If you did not ask for this, someone knows your password:
        do not open the link, and reset your password now. If the button does not work, open this address: <Link href={url} />
      </Text>
    </Layout>
  );
}

ConfirmSecondFactor.PreviewProps = {
  url: 'http://localhost:3000/account?factor-grant=preview-token',
  expiresInMinutes: 30,
} satisfies ConfirmSecondFactorProps;
