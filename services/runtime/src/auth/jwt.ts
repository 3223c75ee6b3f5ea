// Bearer-token verification: HS256 with JWT_SECRET for local runs, RS256 against a JWKS
// (e.g. Cognito) in production. Tokens need sub, role and exp; vendors also carry vendorId; each
// of those a non-empty string.
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AppError } from '../errors/app-error';
import type { Principal, Role } from './principal';

export interface AuthConfig {
  JWT_SECRET?: string;
  JWKS_URL?: string;
  JWT_ISSUER?: string;
  JWT_AUDIENCE?: string;
}

export type TokenVerifier = (token: string) => Promise<Principal>;

const ROLES: readonly Role[] = ['customer', 'vendor', 'admin'];

export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  const key: Uint8Array | JWTVerifyGetKey = config.JWKS_URL
    ? createRemoteJWKSet(new URL(config.JWKS_URL))
    : new TextEncoder().encode(config.JWT_SECRET ?? '');
  const algorithms = config.JWKS_URL ? ['RS256'] : ['HS256'];
  const options = {
    algorithms,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    requiredClaims: ['exp', 'sub'],
  };

  return async (token) => {
    let payload: JWTPayload;
    try {
      // jose's overloads split on the key's type; both branches take the same options.
      payload =
        key instanceof Uint8Array
          ? (await jwtVerify(token, key, options)).payload
          : (await jwtVerify(token, key, options)).payload;
    } catch (err) {
      const reason =
        (err as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'the token has expired' : 'the token is invalid';
      throw new AppError('UNAUTHENTICATED', reason);
    }
    return principalOf(payload);
  };
}

/** Longest id a claim may carry: what the services store and pass on (create-intent's customerId). */
const MAX_CLAIM_LENGTH = 128;

/** A claim that identifies someone: a string with something in it (jose checks presence, not type). */
const isName = (value: unknown): value is string =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_CLAIM_LENGTH;

/**
 * The principal a verified token stands for. `sub`, `role` and a vendor's `vendorId` end up in
 * rows and in calls to other services, so each must be a non-empty string of bounded length: anything else is a
 * token we did not mean to issue, refused here (401) rather than half-way through a checkout.
 */
function principalOf(payload: JWTPayload): Principal {
  if (!isName(payload.sub))
    throw new AppError(
      'UNAUTHENTICATED',
      `the token has no valid sub claim (a non-empty string of at most ${MAX_CLAIM_LENGTH} characters)`,
    );
  const role = payload.role as Role;
  if (!ROLES.includes(role)) throw new AppError('UNAUTHENTICATED', 'the token has no valid role claim');
  if (role === 'vendor' && !isName(payload.vendorId))
    throw new AppError(
      'UNAUTHENTICATED',
      `a vendor token needs a vendorId claim (a non-empty string of at most ${MAX_CLAIM_LENGTH} characters)`,
    );
  return {
    sub: payload.sub,
    role,
    vendorId: isName(payload.vendorId) ? payload.vendorId : undefined,
    expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined,
  };
}

/** Extracts the token from `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim()) : null;
  return match?.[1];
}
