import { ConfigError, DEV_SECRETS, loadCommonConfig, requireSecret } from '@saga/runtime';

describe('configuration from the environment', () => {
  it('names the variable that is wrong', () => {
    expect(() => loadCommonConfig({ ORDER_PORT: 'eighty' })).toThrow(/ORDER_PORT/);
    expect(() => loadCommonConfig({ RUNTIME: 'kubernetes' })).toThrow(/RUNTIME/);
    expect(() => loadCommonConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 16 characters/);
  });

  it('turns the PostgreSQL fast path (prepared statements, pipelining) on by default, off with DB_PIPELINE=false', () => {
    expect(loadCommonConfig({}).DB_PIPELINE).toBe(true);
    expect(loadCommonConfig({ DB_PIPELINE: 'false' }).DB_PIPELINE).toBe(false);
    expect(() => loadCommonConfig({ DB_PIPELINE: 'sometimes' })).toThrow(/DB_PIPELINE/);
  });

  it('leases committed outbox events for 10 s unless told otherwise, and refuses a lease under a second', () => {
    expect(loadCommonConfig({}).OUTBOX_HANDOVER_LEASE_SECONDS).toBe(10);
    expect(loadCommonConfig({ OUTBOX_HANDOVER_LEASE_SECONDS: '3' }).OUTBOX_HANDOVER_LEASE_SECONDS).toBe(3);
    expect(() => loadCommonConfig({ OUTBOX_HANDOVER_LEASE_SECONDS: '0' })).toThrow(/OUTBOX_HANDOVER_LEASE_SECONDS/);
  });

  it('treats an empty value as unset, so the default applies', () => {
    expect(loadCommonConfig({ ORDER_PORT: '' }).ORDER_PORT).toBe(3001);
  });

  it('defaults secrets outside production, and refuses missing or default secrets in production', () => {
    expect(loadCommonConfig({}).JWT_SECRET).toBe(DEV_SECRETS.JWT_SECRET);
    expect(() => loadCommonConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app' })).toThrow(ConfigError);
    expect(() => loadCommonConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', JWT_SECRET: DEV_SECRETS.JWT_SECRET })).toThrow(/JWT_SECRET/);
    expect(() => loadCommonConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-real-secret-of-enough-length' })).toThrow(/DATABASE_URL/);
    expect(loadCommonConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', JWT_SECRET: 'a-real-secret-of-enough-length' }).production).toBe(true);
    expect(() => requireSecret({}, 'RAZORPAY_WEBHOOK_SECRET', true)).toThrow(/RAZORPAY_WEBHOOK_SECRET/);
    expect(requireSecret({}, 'RAZORPAY_WEBHOOK_SECRET', false)).toBe(DEV_SECRETS.RAZORPAY_WEBHOOK_SECRET);
  });

  it('requires issuer and audience with a JWKS', () => {
    expect(() => loadCommonConfig({ JWKS_URL: 'https://cognito.example/jwks.json' })).toThrow(/JWT_ISSUER and JWT_AUDIENCE/);
  });
});
