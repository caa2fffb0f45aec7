import { Notice } from './_components/notice';

export interface RemovedFromOrganisationProps {
  organisationName: string;
  by: string;
  appUrl: string;
}

export default function RemovedFromOrganisation({ organisationName, by, appUrl }: RemovedFromOrganisationProps) {
  return (
    <Notice
      preview={`You were removed from ${organisationName}`}
      title={`You left ${organisationName}`}
      href={appUrl}
      action="Open Tasklane"
    >
      {by} removed you from {organisationName}. Your account and your other organisations are untouched.
    </Notice>
  );
}

RemovedFromOrganisation.PreviewProps = {
  organisationName: 'Initech',
  by: 'bill@initech.example',
  appUrl: 'http://localhost:3000',
} satisfies RemovedFromOrganisationProps;
