import { definePrismaConfig } from '@prisma/cli-engine';
import { defineConfig as ormConfig } from '@prisma/orm-mongo/config';

// The CLI is driven by scripts/db.ts, which resolves DATABASE_URL (or starts the local
// FerretDB) before invoking it; this file never holds a connection string.
export default definePrismaConfig({
  orm: ormConfig({
    contract: './prisma/contract.prisma',
    db: { connection: process.env['DATABASE_URL'] ?? '' },
  }),
});
