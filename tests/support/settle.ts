import type { RunningService } from '@saga/runtime';
import type { EmbeddedHub } from '@saga/dev-harness';
import type { ServiceName } from '../../tools/system/start-system';

interface Settleable {
  services: Record<ServiceName, RunningService>;
  hub: EmbeddedHub;
}

/**
 * Waits until the embedded system has nothing left in flight: webhook processing after the ack,
 * refunds being attempted, every outbox published and every delivery handled; a few rounds, since
 * each step can start the next.
 */
export async function settle(system: Settleable, rounds = 4): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    for (const service of Object.values(system.services)) {
      for (const worker of Object.values(service.workers)) {
        const idle = (worker as unknown as { idle?: () => Promise<void> }).idle;
        if (idle) await idle.call(worker);
      }
    }
    await Promise.all(Object.values(system.services).map((s) => s.ctx.relay.drain()));
    await system.hub.idle();
  }
}
