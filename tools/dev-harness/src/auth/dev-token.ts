// Development tokens for local runs and tests (HS256 with the development JWT_SECRET).
import { SignJWT } from 'jose';
import type { Role } from '@saga/runtime';

export async function signDevToken(
  secret: string,
  claims: { sub: string; role: Role; vendorId?: string },
  options: { expiresIn?: string | number; issuer?: string; audience?: string } = {},
): Promise<string> {
  let jwt = new SignJWT({ role: claims.role, ...(claims.vendorId ? { vendorId: claims.vendorId } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
