import { Notice } from './_components/notice';

export interface SecondFactorRemovedProps {
  factor: string;
  factorsLeft: boolean;
  resetUrl: string;
}

export default function SecondFactorRemoved({ factor, factorsLeft, resetUrl }: SecondFactorRemovedProps) {
  return (
    <Notice
      preview={`The ${factor} was removed from your Tasklane account`}
      title={`Your ${factor} was removed`}
      href={resetUrl}
      action="This wasn't me: reset my password"
    >
      The {factor} was removed from your Tasklane account
      {factorsLeft ? '.' : ': signing in now asks for your password only, and your recovery codes no longer work.'} If you did not
      do this, reset your password now and add a second factor again.
    </Notice>
  );
}

SecondFactorRemoved.PreviewProps = {
  factor: 'authenticator app',
  factorsLeft: false,
  resetUrl: 'http://localhost:3000/reset-password',
} satisfies SecondFactorRemovedProps;
