// Next.js calls register() once when a server process starts: the configuration is validated
// and the process's housekeeping starts here, never from inside a request.
export async function register(): Promise<void> {
  if (process.env['NEXT_RUNTIME'] !== 'nodejs') return;
  const { startServerProcess } = await import('./server/composition-root');
  startServerProcess();
}
