import { Text } from './_components/elements';
import { TaskNotice } from './_components/task-notice';

export interface TaskMentionedProps {
  by: string;
  taskTitle: string;
  organisationName: string;
  comment: string;
  appUrl: string;
  unsubscribeUrl: string;
}

export default function TaskMentioned({ by, taskTitle, organisationName, comment, appUrl, unsubscribeUrl }: TaskMentionedProps) {
  return (
    <TaskNotice
      preview={`${by} mentioned you on “${taskTitle}”`}
      title={`${by} mentioned you`}
      appUrl={appUrl}
      unsubscribeUrl={unsubscribeUrl}
      stopWhat="when someone mentions you"
    >
      <Text>
        On “{taskTitle}” in {organisationName}:
      </Text>
      <Text>{comment}</Text>
    </TaskNotice>
  );
}

TaskMentioned.PreviewProps = {
  by: 'Peter Gibbons',
  taskTitle: 'Fix the TPS report cover sheet',
  organisationName: 'Initech',
  comment: '@Milton Waddams could you check the stapler order?',
  appUrl: 'http://localhost:3000',
  unsubscribeUrl: 'http://localhost:3000/unsubscribe?t=preview',
} satisfies TaskMentionedProps;
