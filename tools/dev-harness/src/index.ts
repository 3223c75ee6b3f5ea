// @saga/dev-harness: what local runs and tests need and production never does: the in-process hub
// (RUNTIME=embedded), an embedded PostgreSQL (PGlite) when DATABASE_URL is unset, development
// tokens, and the entry point of a service run alone that may use them. Nothing under services/
// imports it (eslint.config.js); production images start services/<name>/src/main.ts, which runs on
// Dapr and a real DATABASE_URL only.
export * from './embedded/embedded-hub';
export * from './embedded/delivery-policy';
export * from './db/embedded-postgres';
export * from './db/resolve-database';
export * from './db/local-config';
export * from './auth/dev-token';
export * from './standalone/run-service-locally';
