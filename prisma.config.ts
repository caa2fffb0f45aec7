import { definePrismaConfig } from '@prisma/cli-engine';
import { defineConfig as ormConfig } from '@prisma/orm-mongo/config';

// The CLI is driven by scripts/db-apply.mjs (`npm run db:apply`, also run by `npm start`), which
// passes the database with `--db`; this file never holds a connection string.
export default definePrismaConfig({
  orm: ormConfig({
    contract: './prisma/contract.prisma',
    db: { connection: process.env['DATABASE_URL'] ?? '' },
  }),
});
