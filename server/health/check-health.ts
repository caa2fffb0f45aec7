import { AppError } from '../errors';
import type { Deps } from '../deps';

export interface HealthDetails {
  engine: 'FerretDB' | 'MongoDB';
  version: string;
  pingMs: number;
}

/** Round-trips the database: its engine and version, and how long a ping takes. Throws DATABASE_UNAVAILABLE when it cannot. */
export async function checkHealth({ db }: Pick<Deps, 'db'>): Promise<HealthDetails> {
  const admin = db.mongo.admin();
  try {
    const started = performance.now();
    await admin.command({ ping: 1 });
    const pingMs = Math.round((performance.now() - started) * 10) / 10;
    const info = await admin.command({ buildInfo: 1 });
    return { engine: 'ferretdbVersion' in info ? 'FerretDB' : 'MongoDB', version: String(info['version']), pingMs };
  } catch (error) {
    throw new AppError('DATABASE_UNAVAILABLE', {}, { cause: error });
  }
}
