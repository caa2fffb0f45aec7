import { Text } from './_components/elements';
import { TaskNotice } from './_components/task-notice';

export interface TaskAssignedProps {
  by: string;
  taskTitle: string;
  organisationName: string;
  /** YYYY-MM-DD, or null when it has none. */
  dueDate: string | null;
  appUrl: string;
  unsubscribeUrl: string;
}

export default function TaskAssigned({ by, taskTitle, organisationName, dueDate, appUrl, unsubscribeUrl }: TaskAssignedProps) {
  return (
    <TaskNotice
      preview={`${by} assigned you “${taskTitle}”`}
      title={`${by} assigned you a task`}
      appUrl={appUrl}
      unsubscribeUrl={unsubscribeUrl}
      stopWhat="when someone assigns you a task"
    >
      <Text>
        “{taskTitle}” in {organisationName}
        {dueDate ? `, due ${dueDate}` : ''}.
      </Text>
    </TaskNotice>
  );
}

TaskAssigned.PreviewProps = {
  by: 'Bill Lumbergh',
  taskTitle: 'Come in on Saturday',
  organisationName: 'Initech',
  dueDate: '2026-12-12',
  appUrl: 'http://localhost:3000',
  unsubscribeUrl: 'http://localhost:3000/unsubscribe?t=preview',
} satisfies TaskAssignedProps;
