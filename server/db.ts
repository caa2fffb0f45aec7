import { createDatabase, type Database } from '@/prisma/db';
import { getConfig } from './config';

// Kept on globalThis so that Next.js dev reloads reuse one connection pool per process.
const holder = globalThis as typeof globalThis & { tasklaneDb?: Database };

/** The process-wide database client, connected lazily on first query. */
export function getDb(): Database {
  holder.tasklaneDb ??= createDatabase(getConfig().DATABASE_URL);
  return holder.tasklaneDb;
}
