import type { ReactNode } from 'react';
import { Brand } from '../_components/brand';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="auth-shell">
      <Brand />
      <main className="card">{children}</main>
    </div>
  );
}
