import { Button as EmailButton, Heading, Link as EmailLink, Text as EmailText } from '@react-email/components';
import type { ReactNode } from 'react';

const colors = { brand: '#4338ca', text: '#1f2937', muted: '#6b7280' };

export function H1({ children }: { children: ReactNode }) {
  return <Heading style={{ fontSize: '22px', fontWeight: 700, color: colors.text, margin: '0 0 16px' }}>{children}</Heading>;
}

export function H2({ children }: { children: ReactNode }) {
  return (
    <Heading as="h2" style={{ fontSize: '17px', fontWeight: 600, color: colors.text, margin: '24px 0 8px' }}>
      {children}
    </Heading>
  );
}

export function Text({ children, muted = false }: { children: ReactNode; muted?: boolean }) {
  return (
    <EmailText style={{ fontSize: '15px', lineHeight: '24px', color: muted ? colors.muted : colors.text, margin: '0 0 16px' }}>
      {children}
    </EmailText>
  );
}

export function Button({ href, children }: { href: string; children: ReactNode }) {
  return (
    <EmailButton
      href={href}
      style={{
        backgroundColor: colors.brand,
        color: '#ffffff',
        borderRadius: '8px',
        padding: '12px 20px',
        fontSize: '15px',
        fontWeight: 600,
        textDecoration: 'none',
        display: 'inline-block',
      }}
    >
      {children}
    </EmailButton>
  );
}

export function Link({ href, children }: { href: string; children?: ReactNode }) {
  return (
    <EmailLink href={href} style={{ color: colors.brand, wordBreak: 'break-all' }}>
      {children ?? href}
    </EmailLink>
  );
}
