'use client';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

const PARAM = 'factor-grant';
const KEY = 'tasklane.factor-grant';

const GrantContext = createContext<{ grant: string | undefined; sentTo: string | null; emailed: (to: string) => void }>({
  grant: undefined,
  sentTo: null,
  emailed: () => {},
});

/**
 * The emailed link that lets this account add its first second factor (server/mfa/factor-grants.ts):
 * taken from the address bar when the link is opened (and removed from it, so it is not left in the
 * history or shared by a copied address), kept for this tab only.
 */
export function FactorGrantProvider({ children }: { children: ReactNode }) {
  const [grant, setGrant] = useState<string | undefined>(undefined);
  const [sentTo, setSentTo] = useState<string | null>(null);
  useEffect(() => {
    const url = new URL(window.location.href);
    const fromLink = url.searchParams.get(PARAM);
    if (fromLink) {
      sessionStorage.setItem(KEY, fromLink);
      url.searchParams.delete(PARAM);
      window.history.replaceState(null, '', url);
    }
    // Read once, after the page has mounted: sessionStorage exists only in the browser.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setGrant(fromLink ?? sessionStorage.getItem(KEY) ?? undefined);
  }, []);
  return <GrantContext.Provider value={{ grant, sentTo, emailed: setSentTo }}>{children}</GrantContext.Provider>;
}

export function useFactorGrant() {
  return useContext(GrantContext);
}

/** Forgets the grant once a factor has spent it. */
export function forgetFactorGrant(): void {
  sessionStorage.removeItem(KEY);
}

/** What the panels show after the password, when the first factor needs the emailed link. */
export function CheckEmailForGrant() {
  const { sentTo } = useFactorGrant();
  if (!sentTo) return null;
  return (
    <p className="alert alert-ok" role="status">
      To add your first second factor, open the link we just emailed to <strong>{sentTo}</strong>, in this browser. It works once,
      for 30 minutes. This keeps someone who only knows your password from adding their own.
    </p>
  );
}

/** Shown at the top of the account page once the emailed link has been opened. */
export function GrantBanner() {
  const { grant } = useFactorGrant();
  if (!grant) return null;
  return (
    <p className="alert alert-ok" role="status">
      Your email is confirmed. Add an authenticator app or a passkey below.
    </p>
  );
}
