import { Notice } from './_components/notice';

export interface FactorRecoveryNoticeProps {
  cancelUrl: string;
  effectiveAt: string;
  ip: string;
}

export default function FactorRecoveryNotice({ cancelUrl, effectiveAt, ip }: FactorRecoveryNoticeProps) {
  return (
    <Notice
      preview="A sign-in to your Tasklane account while its second factors are due to be removed"
      title="Someone signed in with your password"
      href={cancelUrl}
      action="This wasn't me: cancel the removal"
    >
      Your password was just used to sign in from {ip}. A request to remove every second factor of your account is pending and
      takes effect at {effectiveAt}. If you did not ask for it, cancel it now and change your password.
    </Notice>
  );
}

FactorRecoveryNotice.PreviewProps = {
  cancelUrl: 'http://localhost:3000/cancel-recovery?token=preview-token',
  effectiveAt: 'Mon, 30 Nov 2026 09:00:00 UTC',
  ip: '203.0.113.7',
} satisfies FactorRecoveryNoticeProps;
