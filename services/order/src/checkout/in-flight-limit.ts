// Load shedding at the front door: at most `max` checkouts in progress per replica. Past that, a
// checkout is answered 503 with Retry-After at once, before any work (no hold, no order row, no
// Razorpay order). Without it, under sustained overload the queue forms inside checkout, and every
// customer admitted waits longer than the last (p50 6.8 s at 160 sagas/s offered on two cores;
// BENCHMARKS.md, "Overload"). With it, admitted checkouts wait about max / throughput at worst. The
// default, 256, lets a burst of that many simultaneous checkouts be answered as usual (200 or 409);
// a smaller bound (64 on two cores) keeps the wait shorter under sustained overload.
import { AppError } from '@saga/runtime';
import type { RequestHandler } from 'express';

export function inFlightLimit(max: number, onShed: () => void): RequestHandler {
  let inFlight = 0;
  return (_req, res, next) => {
    if (inFlight >= max) {
      onShed();
      return next(
        new AppError('SERVICE_UNAVAILABLE', `${max} checkouts are in progress on this replica; retry shortly`, {
          retryAfterSeconds: 1,
        }),
      );
    }
    inFlight++;
    // 'close' comes once per response, whether it finished or the client went away.
    res.once('close', () => inFlight--);
    next();
  };
}
