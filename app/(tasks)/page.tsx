import type { Metadata } from 'next';
import { TasksPage } from './tasks-page';

export const metadata: Metadata = { title: 'Your tasks' };

export default function Tasks() {
  return <TasksPage />;
}
