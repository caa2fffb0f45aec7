import type { Deps } from '../services';

export interface Health {
  status: 'ok';
  database: { engine: 'FerretDB' | 'MongoDB'; version: string; pingMs: number };
}

/** Round-trips the database: its version, and how long a ping takes. */
export async function checkHealth({ db }: Pick<Deps, 'db'>): Promise<Health> {
  const admin = db.mongo.admin();
  const started = performance.now();
  await admin.command({ ping: 1 });
  const pingMs = Math.round((performance.now() - started) * 10) / 10;
  const info = await admin.command({ buildInfo: 1 });
  return {
    status: 'ok',
    database: {
      engine: 'ferretdbVersion' in info ? 'FerretDB' : 'MongoDB',
      version: String(info['version']),
      pingMs,
    },
  };
}
