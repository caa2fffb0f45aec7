import { Body, Container, Head, Hr, Html, Preview, Section } from '@react-email/components';
import type { ReactNode } from 'react';
import { Text } from './elements';

/** The branded frame every Tasklane email shares. */
export function Layout({ preview, children }: { preview: string; children: ReactNode }) {
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
          <Text muted>
            You received this email because someone entered this address on Tasklane. If it was not you, ignore it: nothing
            happens without the link.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}
