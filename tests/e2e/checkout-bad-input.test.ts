import { SignJWT } from 'jose';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { TEST_JWT_SECRET, customerToken, vendorToken } from '../support/tokens';

/** A correctly signed token with exactly these claims (jose's setSubject would refuse a number). */
const signedClaims = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));

/** Rows that a checkout would write anywhere in the system. */
async function footprint(system: TestSystem) {
  const [row] = await system.sql<{ orders: string; holds: string; payments: string; reserved: string }>(`select
    (select count(*) from orders.orders) as orders, (select count(*) from catalog.holds) as holds,
    (select count(*) from payments.payments) as payments, (select coalesce(sum(reserved), 0) from catalog.products) as reserved`);
  return { ...row, razorpayOrders: system.sim!.stats().ordersCreated };
}

describe('checkout refuses bad input with a problem+json naming the field, and writes nothing', () => {
  let system: TestSystem;
  let before: Awaited<ReturnType<typeof footprint>>;

  beforeAll(async () => {
    system = await startTestSystem();
    await system.addProduct({ productId: 'thali', vendorId: 'vendor-a', price: 18000, stock: 50 });
    await system.addProduct({ productId: 'lassi', vendorId: 'vendor-a', price: 6000, stock: 50 });
    await system.addProduct({ productId: 'kurta', vendorId: 'vendor-b', price: 99900, stock: 50 });
    before = await footprint(system);
  });
  afterEach(async () => expect(await footprint(system)).toEqual(before));
  afterAll(() => system.close());

  const tooMany = Array.from({ length: 51 }, (_, i) => ({ productId: `p${i}`, quantity: 1 }));

  it.each([
    ['wrong type for cartItems', { cartItems: 'thali' }, 'cartItems'],
    ['a missing cart', {}, 'cartItems'],
    ['an empty cart', { cartItems: [] }, 'cartItems'],
    ['a zero quantity', { cartItems: [{ productId: 'thali', quantity: 0 }] }, 'cartItems[0].quantity'],
    ['a negative quantity', { cartItems: [{ productId: 'thali', quantity: -2 }] }, 'cartItems[0].quantity'],
    ['a fractional quantity', { cartItems: [{ productId: 'thali', quantity: 1.5 }] }, 'cartItems[0].quantity'],
    ['a huge quantity', { cartItems: [{ productId: 'thali', quantity: 1e12 }] }, 'cartItems[0].quantity'],
    ['a quantity as a string', { cartItems: [{ productId: 'thali', quantity: '1' }] }, 'cartItems[0].quantity'],
    ['a missing product id', { cartItems: [{ quantity: 1 }] }, 'cartItems[0].productId'],
    [
      'a duplicated product',
      {
        cartItems: [
          { productId: 'thali', quantity: 1 },
          { productId: 'thali', quantity: 2 },
        ],
      },
      'cartItems[1].productId',
    ],
    ['a cart over the item limit', { cartItems: tooMany }, 'cartItems'],
    [
      'an unknown product',
      {
        cartItems: [
          { productId: 'thali', quantity: 1 },
          { productId: 'ghost-dish', quantity: 1 },
        ],
      },
      'cartItems[1].productId',
    ],
  ])('400 for %s', async (_case, body, field) => {
    const res = await system.checkout(undefined, { rawBody: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      status: 400,
      title: expect.any(String),
      detail: expect.any(String),
      code: expect.any(String),
      type: expect.any(String),
    });
    expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
  });

  it('400 for malformed JSON', async () => {
    const res = await system.checkout(undefined, { rawBody: '{"cartItems": [' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
  });

  it('413 for a body over 1 MiB', async () => {
    const res = await system.checkout(undefined, {
      rawBody: JSON.stringify({ cartItems: [], padding: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('422 for a cart that spans two vendors', async () => {
    const res = await system.checkout([
      { productId: 'thali', quantity: 1 },
      { productId: 'kurta', quantity: 1 },
    ]);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('MULTIPLE_VENDORS');
  });

  it.each([
    ['no token', async () => ''],
    ['an expired token', async () => customerToken('customer-1', { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    [
      'a token signed with another secret',
      async () =>
        new SignJWT({ role: 'customer' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('c')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode('another-secret-of-enough-length')),
    ],
    [
      'a token without a role',
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('c')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(TEST_JWT_SECRET)),
    ],
    [
      'an unsigned token',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"c","role":"customer","exp":9999999999}').toString('base64url')}.`,
    ],
    ['a token whose sub is empty', async () => signedClaims({ sub: '', role: 'customer' })],
    ['a token whose sub is a number', async () => signedClaims({ sub: 123, role: 'customer' })],
    ['a token whose sub is blank', async () => signedClaims({ sub: '   ', role: 'customer' })],
    [
      'a token whose sub is longer than an id may be',
      async () => signedClaims({ sub: 'c'.repeat(129), role: 'customer' }),
    ],
  ])('401 for %s', async (_case, token) => {
    const res = await system.checkout([{ productId: 'thali', quantity: 1 }], { token: await token() });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it("403 for a vendor's token", async () => {
    const res = await system.checkout([{ productId: 'thali', quantity: 1 }], { token: await vendorToken('vendor-a') });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('400 for an Idempotency-Key that is not printable ASCII', async () => {
    const res = await system.checkout([{ productId: 'thali', quantity: 1 }], { idempotencyKey: 'x'.repeat(300) });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams[0].name).toBe('Idempotency-Key');
  });
});
