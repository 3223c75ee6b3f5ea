// Sign-in for both pages: a development token in one click where the server offers them
// (`npm start`), else a pasted token (from the identity provider, or tools/dev-token.ts).
import { type FormEvent, useEffect, useState } from 'react';
import { loadConfig } from '../api/config';
import { describeError } from '../api/http';
import { vendorName } from '../ui/format';
import { type Role, type Session, issueDevToken, sessionFrom } from './session';

interface Props {
  role: Role;
  /** Vendors to choose from (vendor sign-in). */
  vendorIds?: string[];
  onSignedIn(session: Session): void;
}

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function SignIn({ role, vendorIds = [], onSignedIn }: Props) {
  const [devSignIn, setDevSignIn] = useState<boolean | undefined>(undefined);
  const [pasting, setPasting] = useState(false);
  const [id, setId] = useState(role === 'customer' ? 'customer-demo-1' : '');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void loadConfig().then((c) => setDevSignIn(c.devSignIn));
  }, []);
  // The first store preselected once the list arrives, unless one was chosen already: the update
  // reads the current choice, not this render's (a choice made between the list's paint and this
  // effect was overwritten, and the dashboard opened for the wrong store).
  useEffect(() => {
    const first = vendorIds[0];
    if (role === 'vendor' && first) setId((chosen) => chosen || first);
  }, [role, vendorIds]);

  const finish = (raw: string) => {
    const session = sessionFrom(role, raw);
    if (typeof session === 'string') setError(session);
    else onSignedIn(session);
  };

  const signInDev = async (e: FormEvent) => {
    e.preventDefault();
    if (!ID_PATTERN.test(id)) {
      setError('Use lowercase letters, digits and dashes (up to 64).');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      finish(await issueDevToken(role, id));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const signInPasted = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    finish(token);
  };

  const showPaste = pasting || devSignIn === false;
  return (
    <div className="card signin" data-testid={`signin-${role}`}>
      <h2>{role === 'customer' ? 'Sign in to order' : 'Sign in to your store'}</h2>
      {!showPaste && devSignIn && (
        <form onSubmit={(e) => void signInDev(e)} className="stack">
          {role === 'customer' ? (
            <label className="field">
              <span>Customer id</span>
              <input
                value={id}
                onChange={(e) => setId(e.target.value.trim())}
                autoComplete="username"
                aria-label="Customer id"
              />
            </label>
          ) : (
            <label className="field">
              <span>Store</span>
              <select value={id} onChange={(e) => setId(e.target.value)} aria-label="Store">
                {vendorIds.map((v) => (
                  <option key={v} value={v}>
                    {vendorName(v)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button className="btn primary" disabled={busy || !id}>
            {busy ? 'Signing in…' : role === 'customer' ? 'Continue' : 'Open dashboard'}
          </button>
          <p className="hint">Development sign-in: a token signed by this local server, valid for 12 hours.</p>
        </form>
      )}
      {showPaste && (
        <form onSubmit={signInPasted} className="stack">
          <label className="field">
            <span>{role === 'customer' ? 'Customer' : 'Vendor'} token (JWT)</span>
            <textarea
              value={token}
              onChange={(e) => setToken(e.target.value)}
              rows={4}
              placeholder="eyJhbGciOi…"
              aria-label="Token"
            />
          </label>
          <button className="btn primary" disabled={!token.trim()}>
            Sign in
          </button>
          {devSignIn === false && (
            <p className="hint">
              Paste a token from your identity provider. For a local system:{' '}
              <code>npx tsx tools/dev-token.ts {role}</code>
            </p>
          )}
        </form>
      )}
      {devSignIn && (
        <button type="button" className="linklike" onClick={() => setPasting(!pasting)}>
          {pasting ? 'Use development sign-in' : 'Paste a token instead'}
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
