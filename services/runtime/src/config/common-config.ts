// Settings every service shares. Development defaults make `npm start` work on a fresh clone;
// with NODE_ENV=production a missing or default secret stops the service at boot.
import { z } from 'zod';
import { ConfigError, bool, parseEnv, port, seconds } from './env';

export const DEV_SECRETS = {
  JWT_SECRET: 'dev-only-jwt-secret-do-not-use-in-production',
  RAZORPAY_KEY_ID: 'rzp_test_devkey000000',
  RAZORPAY_KEY_SECRET: 'dev_key_secret_change_me',
  RAZORPAY_WEBHOOK_SECRET: 'dev_webhook_secret_change_me',
  APP_API_TOKEN: 'dev-only-app-api-token-do-not-use-in-production',
} as const;

const CommonEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RUNTIME: z.enum(['embedded', 'dapr']).default('embedded'),
  DATABASE_URL: z.string().url().optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // Prepared statements and pipelined transactions on PostgreSQL (never on PGlite). Off behind a
  // transaction-mode pooler that does not track prepared statements (PgBouncer before 1.21).
  DB_PIPELINE: bool(true),
  // How long an event committed by a process stays leased to it for publication: the longest a
  // crash delays its publication by the poll (and it must outlast a normal publication).
  OUTBOX_HANDOVER_LEASE_SECONDS: seconds(10),
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  JWKS_URL: z.string().url().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  HOST: z.string().default('0.0.0.0'),
  DAPR_HOST: z.string().default('127.0.0.1'),
  DAPR_HTTP_PORT: port(3500),
  DAPR_API_TOKEN: z.string().optional(),
  // The service credential internal routes require (header dapr-api-token): daprd sends the same
  // variable's value in Dapr mode; the embedded invoker sends it in embedded mode.
  APP_API_TOKEN: z.string().optional(),
  PUBSUB_NAME: z.string().default('pubsub'),
  STATE_STORE_NAME: z.string().default('statestore'),
});

export type CommonConfig = ReturnType<typeof loadCommonConfig>;

export function loadCommonConfig(env: NodeJS.ProcessEnv = process.env) {
  const c = parseEnv(CommonEnv, env);
  const production = c.NODE_ENV === 'production';
  if (production && !c.JWKS_URL && (!c.JWT_SECRET || c.JWT_SECRET === DEV_SECRETS.JWT_SECRET)) {
    throw new ConfigError([
      'JWT_SECRET: must be set to a non-default value (or use JWKS_URL) when NODE_ENV=production',
    ]);
  }
  if (c.JWKS_URL && (!c.JWT_ISSUER || !c.JWT_AUDIENCE)) {
    throw new ConfigError(['JWT_ISSUER and JWT_AUDIENCE: required with JWKS_URL']);
  }
  if (production && !c.DATABASE_URL) throw new ConfigError(['DATABASE_URL: required when NODE_ENV=production']);
  if (
    production &&
    (!c.APP_API_TOKEN || c.APP_API_TOKEN === DEV_SECRETS.APP_API_TOKEN || c.APP_API_TOKEN.length < 16)
  ) {
    throw new ConfigError([
      "APP_API_TOKEN: must be set to a non-default value of at least 16 characters when NODE_ENV=production (the internal routes' credential; daprd needs the same value)",
    ]);
  }
  return {
    ...c,
    production,
    JWT_SECRET: c.JWT_SECRET ?? (c.JWKS_URL ? undefined : DEV_SECRETS.JWT_SECRET),
    // Embedded: the development value, which the embedded invoker sends. Dapr mode outside
    // production: left unset when the environment has none, because daprd reads the same variable
    // and would send nothing (`dapr run -f dapr.yaml` from a plain shell); the service warns at boot.
    APP_API_TOKEN: c.APP_API_TOKEN ?? (c.RUNTIME === 'embedded' ? DEV_SECRETS.APP_API_TOKEN : undefined),
  };
}

/** A secret for this service: the development default outside production, refused at boot in production. */
export function requireSecret(env: NodeJS.ProcessEnv, name: keyof typeof DEV_SECRETS, production: boolean): string {
  const value = env[name];
  if (production && (!value || value === DEV_SECRETS[name])) {
    throw new ConfigError([`${name}: must be set to a non-default value when NODE_ENV=production`]);
  }
  return value || DEV_SECRETS[name];
}
