'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../_lib/trpc';

export function HealthStatus() {
  const trpc = useTRPC();
  const health = useQuery(trpc.health.check.queryOptions());
  if (health.isPending)
    return (
      <p className="muted" role="status">
        Checking the database…
      </p>
    );
  if (health.isError)
    return (
      <p className="alert alert-error" role="alert">
        Database unreachable: {health.error.message}
      </p>
    );
  const { engine, version, pingMs } = health.data.database;
  return (
    <p className="muted" data-testid="health">
      Database reached: {engine} {version}, ping {pingMs} ms
    </p>
  );
}
