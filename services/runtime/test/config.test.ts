import { ConfigError, DEV_SECRETS, loadCommonConfig, requireSecret, requireSidecarAndDatabase } from '@saga/runtime';

describe('configuration from the environment', () => {
  it('names the variable that is wrong', () => {
    expect(() => loadCommonConfig({ DAPR_HTTP_PORT: 'eighty' })).toThrow(/DAPR_HTTP_PORT/);
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
    expect(loadCommonConfig({ DAPR_HTTP_PORT: '' }).DAPR_HTTP_PORT).toBe(3500);
  });

  it('defaults secrets outside production, and refuses missing or default secrets in production', () => {
    expect(loadCommonConfig({}).JWT_SECRET).toBe(DEV_SECRETS.JWT_SECRET);
    expect(() => loadCommonConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app' })).toThrow(ConfigError);
    expect(() =>
      loadCommonConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/app',
        JWT_SECRET: DEV_SECRETS.JWT_SECRET,
      }),
    ).toThrow(/JWT_SECRET/);
    expect(() => loadCommonConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-real-secret-of-enough-length' })).toThrow(
      /DATABASE_URL/,
    );
    expect(
      loadCommonConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/app',
        JWT_SECRET: 'a-real-secret-of-enough-length',
        APP_API_TOKEN: 'a-real-app-token-of-length',
      }).production,
    ).toBe(true);
    expect(() => requireSecret({}, 'RAZORPAY_WEBHOOK_SECRET', true)).toThrow(/RAZORPAY_WEBHOOK_SECRET/);
    expect(requireSecret({}, 'RAZORPAY_WEBHOOK_SECRET', false)).toBe(DEV_SECRETS.RAZORPAY_WEBHOOK_SECRET);
  });

  it('defaults the internal credential (APP_API_TOKEN) to a development value in embedded mode, and requires a real one in production', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/app',
      JWT_SECRET: 'a-real-secret-of-enough-length',
    };
    expect(loadCommonConfig({}).APP_API_TOKEN).toBe(DEV_SECRETS.APP_API_TOKEN);
    expect(loadCommonConfig({ APP_API_TOKEN: 'a-token-of-our-own-123' }).APP_API_TOKEN).toBe('a-token-of-our-own-123');
    expect(() => loadCommonConfig(production)).toThrow(/APP_API_TOKEN/);
    expect(() => loadCommonConfig({ ...production, APP_API_TOKEN: DEV_SECRETS.APP_API_TOKEN })).toThrow(
      /APP_API_TOKEN/,
    );
    expect(() => loadCommonConfig({ ...production, RUNTIME: 'dapr' })).toThrow(/APP_API_TOKEN/);
    expect(() => loadCommonConfig({ ...production, APP_API_TOKEN: 'short' })).toThrow(
      /APP_API_TOKEN: .*at least 16 characters/,
    );
    expect(loadCommonConfig({ ...production, APP_API_TOKEN: 'a-real-app-token-of-length' }).APP_API_TOKEN).toBe(
      'a-real-app-token-of-length',
    );
  });

  it('in Dapr mode outside production, takes APP_API_TOKEN from the environment daprd shares, and leaves it unset when daprd has none', () => {
    expect(loadCommonConfig({ RUNTIME: 'dapr' }).APP_API_TOKEN).toBeUndefined();
    expect(loadCommonConfig({ RUNTIME: 'dapr', APP_API_TOKEN: 'the-token-daprd-sends' }).APP_API_TOKEN).toBe(
      'the-token-daprd-sends',
    );
  });

  it('requires issuer and audience with a JWKS', () => {
    expect(() => loadCommonConfig({ JWKS_URL: 'https://cognito.example/jwks.json' })).toThrow(
      /JWT_ISSUER and JWT_AUDIENCE/,
    );
  });

  it("a service's own main (its image, dapr run) needs RUNTIME=dapr and a DATABASE_URL: the embedded runtime and PGlite are the dev harness's", () => {
    expect(() => requireSidecarAndDatabase(loadCommonConfig({}))).toThrow(
      /RUNTIME: must be dapr[\s\S]*DATABASE_URL: required/,
    );
    expect(() => requireSidecarAndDatabase(loadCommonConfig({ RUNTIME: 'dapr' }))).toThrow(/DATABASE_URL: required/);
    expect(() => requireSidecarAndDatabase(loadCommonConfig({ DATABASE_URL: 'postgres://db/app' }))).toThrow(
      /RUNTIME: must be dapr/,
    );
    expect(
      requireSidecarAndDatabase(loadCommonConfig({ RUNTIME: 'dapr', DATABASE_URL: 'postgres://db/app' })).DATABASE_URL,
    ).toBe('postgres://db/app');
  });
});
