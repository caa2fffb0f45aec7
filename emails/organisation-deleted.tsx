import { Notice } from './_components/notice';

export interface OrganisationDeletedProps {
  organisationName: string;
  by: string;
  appUrl: string;
}

export default function OrganisationDeleted({ organisationName, by, appUrl }: OrganisationDeletedProps) {
  return (
    <Notice
      preview={`${organisationName} was deleted`}
      title={`${organisationName} was deleted`}
      href={appUrl}
      action="Open Tasklane"
    >
      {by} deleted {organisationName}, with its tasks and invitations. Your account and your other organisations are untouched.
    </Notice>
  );
}

OrganisationDeleted.PreviewProps = {
  organisationName: 'Initech',
  by: 'bill@initech.example',
  appUrl: 'http://localhost:3000',
} satisfies OrganisationDeletedProps;
