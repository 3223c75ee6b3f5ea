import type { Logger } from 'pino';
import type { KnobState } from './knobs';
import type { StatsRecorder } from './stats';
import type { Store } from './store';
import type { WebhookDispatcher } from './webhooks/delivery';

/** Everything a route or domain function needs; one per simulator instance, no module state. */
export interface SimContext {
  keyId: string;
  keySecret: string;
  accountId: string;
  store: Store;
  knobs: KnobState;
  stats: StatsRecorder;
  webhooks: WebhookDispatcher;
  logger: Logger;
}
