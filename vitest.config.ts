import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };

// Integration files that spend minutes mostly waiting (a clean install, mail round trips):
// `npm test` runs them in a second Vitest beside the rest (scripts/test.ts).
const LONG = ['tests/integration/recovery-model.test.ts', 'tests/integration/production-install.test.ts'];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['server/**/*.test.ts', 'scripts/**/*.test.ts', 'app/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: LONG,
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration-long',
          include: LONG,
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
