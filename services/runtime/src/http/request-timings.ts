// A tap on every finished request of every service in this process, for the benchmark's
// per-step latencies. Free when nobody listens.
import { EventEmitter } from 'node:events';

export interface RequestTiming {
  service: string;
  method: string;
  route: string;
  status: number;
  ms: number;
}

export const requestTimings = new EventEmitter();
