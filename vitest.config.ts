import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };

// Integration files that spend most of their time waiting (mail round trips, a clean install,
// a database stopped and started, timers): `npm test` runs each group in its own Vitest beside
// the rest (scripts/test.ts). The model's sequences alone take as long as everything else.
export const BESIDE = {
  'integration-model': ['tests/integration/recovery-model.test.ts'],
  'integration-waits': [
    'tests/integration/production-install.test.ts',
    'tests/integration/outage.test.ts',
    'tests/integration/throttling.test.ts',
    'tests/integration/outbox.test.ts',
  ],
};
// Not isolated: each file builds its own harness (tests/support/harness.ts) and no file mocks
// a module, so the files share one module graph instead of importing the server once each.
const integration = { environment: 'node' as const, testTimeout: 20_000, hookTimeout: 30_000, isolate: false };

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
          exclude: Object.values(BESIDE).flat(),
          ...integration,
        },
      },
      ...Object.entries(BESIDE).map(([name, include]) => ({ resolve: { alias }, test: { name, include, ...integration } })),
    ],
  },
});
