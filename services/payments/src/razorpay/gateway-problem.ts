// What a caller of ours is told when Razorpay could not do what it asked: a problem in our words
// only. The cause (the SDK's or Razorpay's message, an address) goes to the log, never to a client.
import { AppError, type Logger } from '@saga/runtime';
import { GatewayError } from './gateway-error';
import { CircuitOpenError } from './gateway-policy';

export const GATEWAY_UNAVAILABLE = 'the payment gateway is unavailable; retry later';

/** Logs the cause with `context`, and returns the problem to throw. */
export function gatewayProblem(err: unknown, logger: Logger, context: Record<string, unknown>, what: string): AppError {
  const failure = err as Partial<GatewayError>;
  logger.warn(
    { ...context, err: (err as Error)?.message, statusCode: failure.statusCode, razorpayCode: failure.razorpayCode },
    `${what} failed`,
  );
  if (err instanceof CircuitOpenError)
    return new AppError('PAYMENT_GATEWAY_UNAVAILABLE', GATEWAY_UNAVAILABLE, {
      retryAfterSeconds: err.retryAfterSeconds,
    });
  if (err instanceof GatewayError && !err.transient)
    return new AppError('UPSTREAM_FAILED', `the payment gateway refused to ${what}`);
  return new AppError('PAYMENT_GATEWAY_UNAVAILABLE', GATEWAY_UNAVAILABLE, { retryAfterSeconds: 2 });
}
