// Next.js calls register() once when a server process starts: the configuration is validated
// here, before the first request, and the process's housekeeping starts here, never from
// inside a request.
export async function register(): Promise<void> {
  if (process.env['NEXT_RUNTIME'] !== 'nodejs') return;
  const { ConfigError } = await import('./server/config');
  const { getDeps, startHousekeeping } = await import('./server/composition-root');
  try {
    startHousekeeping(getDeps());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`✖ ${error.message}`);
    process.exit(1);
  }
}
