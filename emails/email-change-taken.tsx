import { H1, Link, Text } from './_components/elements';
import { Layout } from './_components/layout';

export interface EmailChangeTakenProps {
  signInUrl: string;
}

export default function EmailChangeTaken({ signInUrl }: EmailChangeTakenProps) {
  return (
    <Layout preview="This address already has a Tasklane account">
      <H1>This address already has an account</H1>
      <Text>
        Someone asked to move another Tasklane account to this address. This address already has an account of its own, so nothing
        was changed, and nothing will be.
      </Text>
      <Text muted>
        To use your account, sign in at <Link href={signInUrl} />
      </Text>
    </Layout>
  );
}

EmailChangeTaken.PreviewProps = { signInUrl: 'http://localhost:3000/sign-in' } satisfies EmailChangeTakenProps;
