import type { RequestHandler, Response } from 'express';
import type { SimContext } from './context';
import { injectedFailure } from './errors';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function failNow(res: Response, status: number): void {
  if (status === 0) {
    res.socket?.destroy();
    return;
  }
  const err = injectedFailure(status);
  res.status(err.status).json(err.body);
}

/**
 * The test and benchmark knobs on /v1: `down` drops the connection, `latencyMs` delays every answer,
 * `failNext` and `failRate` answer errors. With `afterCommit` the request is carried out and only
 * its answer is lost, which is what makes "create order, then time out" hard for a caller.
 */
export function faultInjection(ctx: SimContext): RequestHandler {
  return async (req, res, next) => {
    const { stats, knobs } = ctx;
    if (knobs.peek().down) {
      stats.data.injectedFailures.down += 1;
      req.socket.destroy();
      return;
    }
    const { latencyMs } = knobs.peek();
    if (latencyMs > 0) await sleep(latencyMs);

    const failure = knobs.takeFailure();
    if (!failure) {
      next();
      return;
    }
    stats.data.injectedFailures[failure.source] += 1;
    ctx.logger.debug({ method: req.method, path: req.path, ...failure }, 'razorpay-sim: injected failure');
    if (!failure.afterCommit) {
      failNow(res, failure.status);
      return;
    }
    // Let the route run, then swap whatever it answers for the injected failure.
    const json = res.json.bind(res);
    res.json = ((_body: unknown) => {
      if (failure.status === 0) {
        res.socket?.destroy();
        return res;
      }
      const err = injectedFailure(failure.status);
      res.status(err.status);
      return json(err.body);
    }) as Response['json'];
    next();
  };
}
