import http from 'node:http';
import { AppError, createTokenVerifier } from '@saga/runtime';
import { type KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';

describe('bearer tokens', () => {
  describe('RS256 against a JWKS (production, e.g. Cognito)', () => {
    let server: http.Server;
    let jwksUrl: string;
    let privateKey: KeyLike;
    let otherKey: KeyLike;

    beforeAll(async () => {
      const pair = await generateKeyPair('RS256');
      privateKey = pair.privateKey as KeyLike;
      otherKey = (await generateKeyPair('RS256')).privateKey as KeyLike;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
      server = http.createServer((_req, res) =>
        res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })),
      );
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      jwksUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/.well-known/jwks.json`;
    });
    afterAll(() => new Promise((r) => server.close(r)));

    const sign = (
      key: KeyLike,
      claims: Record<string, unknown>,
      issuer = 'https://issuer.test',
      audience = 'checkout',
    ) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
        .setSubject('vendor-user-9')
        .setIssuer(issuer)
        .setAudience(audience)
        .setExpirationTime('5m')
        .sign(key);

    it('accepts a token signed by a key of the JWKS, with the right issuer and audience', async () => {
      const verify = createTokenVerifier({
        JWKS_URL: jwksUrl,
        JWT_ISSUER: 'https://issuer.test',
        JWT_AUDIENCE: 'checkout',
      });
      const before = Date.now();
      const principal = await verify(await sign(privateKey, { role: 'vendor', vendorId: 'vendor-9' }));
      expect(principal).toEqual({
        sub: 'vendor-user-9',
        role: 'vendor',
        vendorId: 'vendor-9',
        expiresAt: expect.any(Number),
      });
      // The token's exp (5 minutes, whole seconds), as epoch milliseconds.
      expect(principal.expiresAt! - before).toBeGreaterThan(299_000);
      expect(principal.expiresAt! - before).toBeLessThanOrEqual(300_000);
    });

    it.each([
      ['another key', async () => sign(otherKey, { role: 'customer' })],
      ['another issuer', async () => sign(privateKey, { role: 'customer' }, 'https://evil.test')],
      ['another audience', async () => sign(privateKey, { role: 'customer' }, 'https://issuer.test', 'other-app')],
      ['a vendor without vendorId', async () => sign(privateKey, { role: 'vendor' })],
    ])('refuses a token with %s', async (_case, token) => {
      const verify = createTokenVerifier({
        JWKS_URL: jwksUrl,
        JWT_ISSUER: 'https://issuer.test',
        JWT_AUDIENCE: 'checkout',
      });
      const error = await verify(await token()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('UNAUTHENTICATED');
    });
  });

  describe('HS256 with JWT_SECRET (local runs): the claims a principal is made of', () => {
    const secret = 'a-test-secret-of-enough-length';
    const verify = createTokenVerifier({ JWT_SECRET: secret });
    const token = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(secret));

    it('accepts non-empty string claims', async () => {
      await expect(verify(await token({ sub: 'customer-1', role: 'customer' }))).resolves.toMatchObject({
        sub: 'customer-1',
        role: 'customer',
      });
      await expect(verify(await token({ sub: 'user-1', role: 'vendor', vendorId: 'vendor-1' }))).resolves.toMatchObject(
        { sub: 'user-1', vendorId: 'vendor-1' },
      );
    });

    it.each([
      ['an empty sub', { sub: '', role: 'customer' }],
      ['a blank sub', { sub: '  ', role: 'customer' }],
      ['a numeric sub', { sub: 123, role: 'customer' }],
      ['an object as sub', { sub: { id: 'x' }, role: 'customer' }],
      ['a sub over 128 characters', { sub: 'c'.repeat(129), role: 'customer' }],
      ['no sub', { role: 'customer' }],
      ['an empty role', { sub: 'c', role: '' }],
      ['a numeric role', { sub: 'c', role: 1 }],
      ['an unknown role', { sub: 'c', role: 'superuser' }],
      ['a vendor with an empty vendorId', { sub: 'u', role: 'vendor', vendorId: '' }],
      ['a vendor with a numeric vendorId', { sub: 'u', role: 'vendor', vendorId: 7 }],
      ['a vendor with a blank vendorId', { sub: 'u', role: 'vendor', vendorId: ' ' }],
    ])('refuses a token with %s (401 UNAUTHENTICATED naming the claim)', async (_case, claims) => {
      const error = await verify(await token(claims)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('UNAUTHENTICATED');
    });
  });
});
