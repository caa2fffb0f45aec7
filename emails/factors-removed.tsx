import { Notice } from './_components/notice';

export interface FactorsRemovedProps {
  url: string;
  expiresInMinutes: number;
}

export default function FactorsRemoved({ url, expiresInMinutes }: FactorsRemovedProps) {
  return (
    <Notice
      preview="Your second factors were removed: choose a new password"
      title="Choose a new password"
      href={url}
      action="Choose a new password"
    >
      The waiting period is over: every second factor of your Tasklane account was removed and every session ended. Choose a new
      password with this link (it works once, for {expiresInMinutes} minutes), then add a second factor again on your account
      page.
    </Notice>
  );
}

FactorsRemoved.PreviewProps = {
  url: 'http://localhost:3000/set-password?token=preview-token',
  expiresInMinutes: 60,
} satisfies FactorsRemovedProps;
