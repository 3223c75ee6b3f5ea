// One pino logger per process; each service takes a child with its name. Redaction is the last line
// of defence: code never logs secrets, and these paths catch the ones a careless log call could carry.
import pino, { type Logger } from 'pino';

export type { Logger };

const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-razorpay-signature"]',
  'req.headers["dapr-api-token"]',
  'headers.authorization',
  'headers["dapr-api-token"]',
  '*.password',
  '*.secret',
  '*.keySecret',
  '*.key_secret',
  '*.webhookSecret',
  '*.token',
  '*.accessToken',
];

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name,
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
