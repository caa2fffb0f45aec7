import { Notice } from './_components/notice';

export interface AddedToOrganisationProps {
  organisationName: string;
  role: string;
  appUrl: string;
}

export default function AddedToOrganisation({ organisationName, role, appUrl }: AddedToOrganisationProps) {
  return (
    <Notice
      preview={`You joined ${organisationName}`}
      title={`You joined ${organisationName}`}
      href={appUrl}
      action="Open Tasklane"
    >
      You are now a {role} of {organisationName} on Tasklane. Choose it in the organisation menu at the top of any page.
    </Notice>
  );
}

AddedToOrganisation.PreviewProps = {
  organisationName: 'Initech',
  role: 'member',
  appUrl: 'http://localhost:3000',
} satisfies AddedToOrganisationProps;
