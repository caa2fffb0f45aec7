'use client';
import { useQuery } from '@tanstack/react-query';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';

export function HealthStatus() {
  const trpc = useTRPC();
  const health = useQuery(trpc.health.check.queryOptions());
  if (health.isPending)
    return (
      <p className="muted" role="status">
        Checking Tasklane…
      </p>
    );
  if (health.isError)
    return (
      <p className="alert alert-error" role="alert">
        Tasklane is not working right now. {describeError(health.error).message}
      </p>
    );
  const database = health.data.database;
  return (
    <p className="muted" data-testid="health">
      Tasklane is up.
      {database && ` Database reached: ${database.engine} ${database.version}, ping ${database.pingMs} ms.`}
    </p>
  );
}
