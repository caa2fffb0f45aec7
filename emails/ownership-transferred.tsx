import { Notice } from './_components/notice';

export interface OwnershipTransferredProps {
  organisationName: string;
  from: string;
  appUrl: string;
}

export default function OwnershipTransferred({ organisationName, from, appUrl }: OwnershipTransferredProps) {
  return (
    <Notice
      preview={`You now own ${organisationName}`}
      title={`You now own ${organisationName}`}
      href={appUrl}
      action="Open Tasklane"
    >
      {from} handed you the ownership of {organisationName}. As its owner you can rename it, manage every member, hand it on, or
      delete it.
    </Notice>
  );
}

OwnershipTransferred.PreviewProps = {
  organisationName: 'Initech',
  from: 'bill@initech.example',
  appUrl: 'http://localhost:3000',
} satisfies OwnershipTransferredProps;
