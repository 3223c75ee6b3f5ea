// The Razorpay API through the official SDK. razorpay 2.9.8 hard-codes its host and sets no
// timeout, so both are set on its internal axios instance (`api.rq`, not in the typings).
import Razorpay from 'razorpay';
import type { GatewayPolicy } from './gateway-policy';

export interface RazorpayOrder {
  id: string;
  amount: number;
  currency: string;
  receipt: string | null;
  status: 'created' | 'attempted' | 'paid';
}

export interface RazorpayGateway {
  readonly keyId: string;
  createOrder(input: { amount: number; currency: 'INR'; receipt: string; notes?: Record<string, string> }): Promise<RazorpayOrder>;
}

export function createRazorpayGateway(options: { apiUrl: string; keyId: string; keySecret: string; timeoutMs: number; policy: GatewayPolicy }): RazorpayGateway {
  const client = new Razorpay({ key_id: options.keyId, key_secret: options.keySecret });
  const rq = (client as unknown as { api: { rq: { defaults: { baseURL?: string; timeout?: number } } } }).api.rq;
  rq.defaults.baseURL = options.apiUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  rq.defaults.timeout = options.timeoutMs;

  return {
    keyId: options.keyId,
    createOrder: (input) =>
      options.policy.execute(async () => (await client.orders.create({ ...input, notes: input.notes ?? {} })) as unknown as RazorpayOrder),
  };
}
