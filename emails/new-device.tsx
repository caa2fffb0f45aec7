import { Button, H1, H2, Link, Text } from './_components/elements';
import { Layout, NOTICE_FOOTER } from './_components/layout';

export interface NewDeviceProps {
  device: string;
  ip: string;
  at: string;
  resetUrl: string;
  accountUrl: string;
}

export default function NewDevice({ device, ip, at, resetUrl, accountUrl }: NewDeviceProps) {
  return (
    <Layout preview={`New sign-in to Tasklane from ${device}`} footer={NOTICE_FOOTER}>
      <H1>New sign-in from {device}</H1>
      <Text>
        Your Tasklane account was signed in to from a browser it has not used in the last 30 days.
        <br />
        Device: {device}
        <br />
        IP address: {ip}
        <br />
        Time: {at}
      </Text>
      <Text>
        If that was you, there is nothing to do. You can see and end your sessions on your account page:{' '}
        <Link href={accountUrl} />
      </Text>
      <H2>Not you?</H2>
      <Text>Someone knows your password. Reset it: that signs out every session.</Text>
      <Button href={resetUrl}>Reset my password</Button>
    </Layout>
  );
}

NewDevice.PreviewProps = {
  device: 'Firefox 133 on Ubuntu',
  ip: '203.0.113.7',
  at: 'Friday 27 November 2026, 09:14 UTC',
  resetUrl: 'http://localhost:3000/reset-password',
  accountUrl: 'http://localhost:3000/account',
} satisfies NewDeviceProps;
