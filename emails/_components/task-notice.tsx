import type { ReactNode } from 'react';
import { Button, H1, Link, Text } from './elements';
import { Layout } from './layout';

/** An email about a task someone else changed, with the one-click way to stop this kind. */
export function TaskNotice({
  preview,
  title,
  children,
  appUrl,
  unsubscribeUrl,
  stopWhat,
}: {
  preview: string;
  title: string;
  children: ReactNode;
  appUrl: string;
  unsubscribeUrl: string;
  /** "when someone mentions you": what the unsubscribe link stops. */
  stopWhat: string;
}) {
  return (
    <Layout
      preview={preview}
      footer="You received this email because a member of your organisation on Tasklane named you on a task."
    >
      <H1>{title}</H1>
      {children}
      <Button href={appUrl}>Open Tasklane</Button>
      <Text muted>
        Don’t want these? <Link href={unsubscribeUrl}>Stop emails {stopWhat}</Link>, or choose on your account page.
      </Text>
    </Layout>
  );
}
