import { HealthStatus } from './_components/health-status';

export default function HomePage() {
  return (
    <main className="page">
      <h1>Tasklane</h1>
      <HealthStatus />
    </main>
  );
}
