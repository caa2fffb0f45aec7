import { H1, Link, Text } from './_components/elements';
import { Layout, NOTICE_FOOTER } from './_components/layout';

export interface AccountDeletedProps {
  signUpUrl: string;
}

export default function AccountDeleted({ signUpUrl }: AccountDeletedProps) {
  return (
    <Layout preview="Your Tasklane account was deleted" footer={NOTICE_FOOTER}>
      <H1>Your account was deleted</H1>
      <Text>
        Your Tasklane account and everything that was only yours are gone: your sessions, your security activity, and any
        organisation you were the last member of, with its tasks. Tasks you created in shared organisations stay there, shown as
        written by a deleted user.
      </Text>
      <Text muted>
        This was done with your password. You are welcome back at any time: <Link href={signUpUrl} />
      </Text>
    </Layout>
  );
}

AccountDeleted.PreviewProps = { signUpUrl: 'http://localhost:3000/sign-up' } satisfies AccountDeletedProps;
