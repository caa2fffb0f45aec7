import { Notice } from './_components/notice';

export interface RecoveryCodeUsedProps {
  codesLeft: number;
  accountUrl: string;
}

export default function RecoveryCodeUsed({ codesLeft, accountUrl }: RecoveryCodeUsedProps) {
  return (
    <Notice
      preview="A recovery code was used on your Tasklane account"
      title="A recovery code was used"
      href={accountUrl}
      action="Open my account"
    >
      One of your recovery codes was just used to confirm it was you; it will not work again. {codesLeft} of them{' '}
      {codesLeft === 1 ? 'is' : 'are'} left. If that was you and your authenticator app is lost, set up a new one and make new
      codes on your account page. If it was not you, someone has your password and your codes: reset your password and make new
      codes now.
    </Notice>
  );
}

RecoveryCodeUsed.PreviewProps = {
  codesLeft: 9,
  accountUrl: 'http://localhost:3000/account',
} satisfies RecoveryCodeUsedProps;
