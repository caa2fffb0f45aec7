import { Notice } from './_components/notice';

export interface FactorRecoveryCancelledProps {
  why: string;
  appUrl: string;
}

export default function FactorRecoveryCancelled({ why, appUrl }: FactorRecoveryCancelledProps) {
  return (
    <Notice
      preview="The removal of your second factors was cancelled"
      title="Nothing will be removed"
      href={appUrl}
      action="Open Tasklane"
    >
      The request to remove the second factors of your Tasklane account was cancelled ({why}). Your authenticator app, passkeys
      and recovery codes stay as they are.
    </Notice>
  );
}

FactorRecoveryCancelled.PreviewProps = {
  why: 'cancelled from the emailed link',
  appUrl: 'http://localhost:3000',
} satisfies FactorRecoveryCancelledProps;
