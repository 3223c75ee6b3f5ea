// The Razorpay gateway with its resilience policy, and the circuit state as a metric.
import type { Logger } from '@saga/runtime';
import { Gauge, type Registry } from 'prom-client';
import type { PaymentsConfig } from '../config';
import { createGatewayPolicy } from './gateway-policy';
import { createRazorpayGateway, type RazorpayGateway } from './razorpay-gateway';

const CIRCUIT_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

export function createGateway(settings: PaymentsConfig, registry: Registry, logger: Logger): RazorpayGateway {
  const circuit = new Gauge({
    name: 'payments_gateway_circuit_state',
    help: 'Razorpay circuit breaker: 0 closed, 1 half-open, 2 open',
    registers: [registry],
  });
  circuit.set(0);
  const policy = createGatewayPolicy({
    timeoutMs: settings.RAZORPAY_TIMEOUT_MS,
    maxRetries: settings.RAZORPAY_MAX_RETRIES,
    breakerThreshold: settings.RAZORPAY_BREAKER_THRESHOLD,
    breakerOpenMs: settings.RAZORPAY_BREAKER_OPEN_MS,
    onStateChange: (state) => {
      circuit.set(CIRCUIT_VALUE[state]);
      logger.warn({ state }, 'Razorpay circuit breaker changed state');
    },
  });
  return createRazorpayGateway({
    apiUrl: settings.RAZORPAY_API_URL,
    keyId: settings.keyId,
    keySecret: settings.keySecret,
    timeoutMs: settings.RAZORPAY_TIMEOUT_MS,
    policy,
  });
}
