/**
 * Where to go after signing in: a path of this site only. The value is resolved the way the
 * browser will resolve it (`new URL`, which drops tabs and newlines and reads a backslash as a
 * slash), and kept only when that lands on this origin: string checks on the raw value miss
 * "/\t/evil.example" and its cousins, which browsers read as another host (an open redirect).
 */
export function safeNext(next: string | null | undefined, origin: string): string {
  if (!next) return '/';
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return '/';
  }
  if (url.origin !== new URL(origin).origin) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
