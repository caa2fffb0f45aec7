import { Body, Container, Head, Hr, Html, Preview, Section } from '@react-email/components';
import type { ReactNode } from 'react';
import { Text } from './elements';

const LINK_FOOTER =
  'You received this email because someone entered this address on Tasklane. If it was not you, ignore it: nothing happens without the link.';
/** For notices about an account: they are sent whether or not anyone asked. */
export const NOTICE_FOOTER =
  'You received this email because this address belongs to a Tasklane account: we tell you about every change that matters to it.';

/** The branded frame every Tasklane email shares. */
export function Layout({ preview, footer = LINK_FOOTER, children }: { preview: string; footer?: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body
        style={{
          backgroundColor: '#f3f4f6',
          fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
          margin: 0,
          padding: '24px 0',
        }}
      >
        <Container style={{ backgroundColor: '#ffffff', borderRadius: '12px', padding: '32px', maxWidth: '520px' }}>
          <Section style={{ marginBottom: '24px' }}>
            <span style={{ fontSize: '18px', fontWeight: 800, color: '#4338ca', letterSpacing: '-0.02em' }}>✓ Tasklane</span>
          </Section>
          {children}
          <Hr style={{ borderColor: '#e5e7eb', margin: '32px 0 16px' }} />
          <Text muted>{footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}
