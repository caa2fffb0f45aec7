// Next.js calls register() once when a server process starts: the process's housekeeping
// starts here, never from inside a request.
export async function register(): Promise<void> {
  if (process.env['NEXT_RUNTIME'] !== 'nodejs') return;
  const { getDeps, startHousekeeping } = await import('./server/composition-root');
  startHousekeeping(getDeps());
}
