import { UAParser } from 'ua-parser-js';

/** "Firefox 133 on Ubuntu", read from a user agent; "Unknown device" when it says nothing. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const { browser, os } = new UAParser(userAgent).getResult();
  const name = [browser.name, browser.major].filter(Boolean).join(' ');
  const system = [os.name, os.version].filter(Boolean).join(' ');
  if (name && system) return `${name} on ${system}`;
  return name || system || 'Unknown device';
}
