import { Notice } from './_components/notice';

export interface FactorRecoveryRequestedProps {
  cancelUrl: string;
  effectiveAt: string;
}

export default function FactorRecoveryRequested({ cancelUrl, effectiveAt }: FactorRecoveryRequestedProps) {
  return (
    <Notice
      preview="Someone asked to remove the second factors of your Tasklane account"
      title="Your second factors will be removed"
      href={cancelUrl}
      action="This wasn't me: cancel"
    >
      Someone who knew your password said they lost your authenticator app, your passkeys and your recovery codes, and asked for
      them to be removed. Nothing happens until {effectiveAt}. Then every second factor is removed, every session ends, and we
      email you a link to choose a new password. If this was not you, cancel now and change your password.
    </Notice>
  );
}

FactorRecoveryRequested.PreviewProps = {
  cancelUrl: 'http://localhost:3000/cancel-recovery?token=preview-token',
  effectiveAt: 'Mon, 30 Nov 2026 09:00:00 UTC',
} satisfies FactorRecoveryRequestedProps;
