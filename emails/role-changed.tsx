import { Notice } from './_components/notice';

export interface RoleChangedProps {
  organisationName: string;
  role: string;
  by: string;
  appUrl: string;
}

export default function RoleChanged({ organisationName, role, by, appUrl }: RoleChangedProps) {
  return (
    <Notice preview={`You are now ${role} of ${organisationName}`} title="Your role changed" href={appUrl} action="Open Tasklane">
      {by} made you {role === 'admin' ? 'an' : 'a'} {role} of {organisationName}.
    </Notice>
  );
}

RoleChanged.PreviewProps = {
  organisationName: 'Initech',
  role: 'admin',
  by: 'bill@initech.example',
  appUrl: 'http://localhost:3000',
} satisfies RoleChangedProps;
