// Who is signed in, per role: the shop and the vendor dashboard keep separate tokens, so one
// browser can be both. The token's claims are read (not verified: the services verify it) to show
// the name and to drop an expired token before the server has to refuse it.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/http';

export type Role = 'customer' | 'vendor';

export interface Session {
  token: string;
  role: Role;
  sub: string;
  vendorId?: string;
  /** Seconds since the epoch. */
  exp?: number;
}

const storageKey = (role: Role) => `bazaar.session.${role}`;

export function decodeToken(token: string): Omit<Session, 'token'> | null {
  const payload = token.trim().split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as Record<string, unknown>;
    if (claims.role !== 'customer' && claims.role !== 'vendor') return null;
    if (typeof claims.sub !== 'string') return null;
    return {
      role: claims.role,
      sub: claims.sub,
      vendorId: typeof claims.vendorId === 'string' ? claims.vendorId : undefined,
      exp: typeof claims.exp === 'number' ? claims.exp : undefined,
    };
  } catch {
    return null;
  }
}

const expired = (s: Omit<Session, 'token'>) => s.exp !== undefined && s.exp * 1000 <= Date.now();

/** The session for `role` from a pasted or issued token, or why it cannot be one. */
export function sessionFrom(role: Role, token: string): Session | string {
  const claims = decodeToken(token);
  if (!claims) return 'That does not look like a token for this shop.';
  if (claims.role !== role) return `That is a ${claims.role}'s token; this page needs a ${role}'s.`;
  if (role === 'vendor' && !claims.vendorId) return 'That vendor token names no vendorId.';
  if (expired(claims)) return 'That token has expired. Sign in again.';
  return { ...claims, token: token.trim() };
}

function load(role: Role): Session | null {
  const token = localStorage.getItem(storageKey(role));
  if (!token) return null;
  const session = sessionFrom(role, token);
  return typeof session === 'string' ? null : session;
}

/** POST /dev/token: only `npm start` serves it (config.devSignIn). */
export async function issueDevToken(role: Role, id: string): Promise<string> {
  return (await api<{ token: string }>('/dev/token', { method: 'POST', body: { role, id } })).data.token;
}

/** The signed-in session for `role`, kept in step with other tabs. */
export function useSession(role: Role) {
  const [session, setSession] = useState<Session | null>(() => load(role));

  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === storageKey(role)) setSession(load(role));
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [role]);

  const signIn = useCallback(
    (s: Session) => {
      localStorage.setItem(storageKey(role), s.token);
      setSession(s);
    },
    [role],
  );
  const signOut = useCallback(() => {
    localStorage.removeItem(storageKey(role));
    setSession(null);
  }, [role]);

  // An expired token would only be refused (and a socket would retry it forever): sign out at expiry.
  useEffect(() => {
    if (!session?.exp) return;
    const left = session.exp * 1000 - Date.now();
    if (left > 24 * 3600_000) return;
    const timer = setTimeout(signOut, Math.max(0, left));
    return () => clearTimeout(timer);
  }, [session, signOut]);

  return { session, signIn, signOut };
}
