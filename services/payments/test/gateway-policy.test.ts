// The resilience around every Razorpay call: per-attempt timeout (aborting the attempt), retries on
// transient failures only, and a breaker that fails fast once Razorpay keeps failing.
import { CircuitOpenError, createGatewayPolicy } from '../src/razorpay/gateway-policy';
import { GatewayError } from '../src/razorpay/gateway-error';

const options = { timeoutMs: 50, maxRetries: 2, breakerThreshold: 3, breakerOpenMs: 60_000 };

describe('the Razorpay gateway policy', () => {
  it('aborts an attempt that outlasts the timeout, retries it, and reports the timeout', async () => {
    const policy = createGatewayPolicy(options);
    const aborted: boolean[] = [];
    const hang = (signal: AbortSignal) =>
      new Promise<never>((_, reject) => {
        signal.addEventListener('abort', () => {
          aborted.push(true);
          reject(new Error('aborted'));
        });
      });
    await expect(policy.execute(hang)).rejects.toThrow(new GatewayError('Razorpay did not answer within 50 ms', true));
    expect(aborted).toHaveLength(1 + options.maxRetries);
  });

  it('returns an answer at once and leaves its signal alone', async () => {
    const policy = createGatewayPolicy(options);
    let signal!: AbortSignal;
    const answer = await policy.execute(async (s) => {
      signal = s;
      return { id: 'order_1' };
    });
    expect(answer).toEqual({ id: 'order_1' });
    expect(signal.aborted).toBe(false);
  });

  it('retries a transient failure but not an answer that retrying cannot change', async () => {
    const policy = createGatewayPolicy(options);
    let calls = 0;
    const flaky = async () => {
      if (++calls < 3) throw { statusCode: 503, error: { description: 'busy' } };
      return 'ok';
    };
    await expect(policy.execute(flaky)).resolves.toBe('ok');
    expect(calls).toBe(3);

    let badCalls = 0;
    const bad = async () => {
      badCalls++;
      throw { statusCode: 400, error: { code: 'BAD_REQUEST_ERROR', description: 'amount too small' } };
    };
    await expect(policy.execute(bad)).rejects.toMatchObject({
      transient: false,
      statusCode: 400,
      razorpayCode: 'BAD_REQUEST_ERROR',
    });
    expect(badCalls).toBe(1);
  });

  it('opens the circuit after consecutive transient failures and then fails fast', async () => {
    const states: string[] = [];
    const policy = createGatewayPolicy({ ...options, maxRetries: 0, onStateChange: (s) => states.push(s) });
    let calls = 0;
    const down = async () => {
      calls++;
      throw new TypeError('connect ECONNREFUSED');
    };
    for (let i = 0; i < options.breakerThreshold; i++)
      await expect(policy.execute(down)).rejects.toBeInstanceOf(GatewayError);
    expect(policy.state()).toBe('open');
    await expect(policy.execute(down)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(calls).toBe(options.breakerThreshold); // the last call never reached Razorpay
    expect(states).toEqual(['open']);
  });
});
