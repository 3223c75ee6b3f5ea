import type { AnyEvent } from '@saga/contracts';
import type { EmbeddedHub } from '@saga/dev-harness';

/** Records every event published on a topic of the embedded hub, as a test's extra subscriber. */
export function probe(hub: EmbeddedHub, topic: string) {
  const events: AnyEvent[] = [];
  hub.addSubscriber(`probe-${topic}`, { topic, handler: async (e) => void events.push(e.data) });
  return {
    events,
    ofType: (type: string) => events.filter((e) => e.eventType === type),
    clear: () => void events.splice(0),
  };
}
