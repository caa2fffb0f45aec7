import type { ReactNode } from 'react';
import { Button, H1, Text } from './elements';
import { Layout, NOTICE_FOOTER } from './layout';

/** A short notice about a change to someone's place in an organisation, with one way in. */
export function Notice({
  preview,
  title,
  children,
  href,
  action,
}: {
  preview: string;
  title: string;
  children: ReactNode;
  href: string;
  action: string;
}) {
  return (
    <Layout preview={preview} footer={NOTICE_FOOTER}>
      <H1>{title}</H1>
      <Text>{children}</Text>
      <Button href={href}>{action}</Button>
    </Layout>
  );
}
