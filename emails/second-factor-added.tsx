import { Notice } from './_components/notice';

export interface SecondFactorAddedProps {
  factor: string;
  resetUrl: string;
}

export default function SecondFactorAdded({ factor, resetUrl }: SecondFactorAddedProps) {
  return (
    <Notice
      preview={`An ${factor} was added to your Tasklane account`}
      title={`An ${factor} now protects your account`}
      href={resetUrl}
      action="This wasn't me: reset my password"
    >
      From now on, signing in to Tasklane asks for a code from your {factor} after your password. Keep your recovery codes
      somewhere safe: each one lets you in once if you lose the {factor}. If you did not add it, someone knows your password:
      reset it now.
    </Notice>
  );
}

SecondFactorAdded.PreviewProps = {
  factor: 'authenticator app',
  resetUrl: 'http://localhost:3000/reset-password',
} satisfies SecondFactorAddedProps;
