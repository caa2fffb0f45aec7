import type { Metadata } from 'next';
import { Brand } from '../_components/brand';
import { HealthStatus } from './health-status';

export const metadata: Metadata = { title: 'Status' };

export default function StatusPage() {
  return (
    <div className="auth-shell">
      <Brand />
      <main className="card">
        <h1>Status</h1>
        <HealthStatus />
      </main>
    </div>
  );
}
