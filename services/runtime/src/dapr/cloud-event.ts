import type { AnyEvent } from '@saga/contracts';

export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  datacontenttype: 'application/json';
  time?: string;
  subject?: string;
  topic?: string;
  pubsubname?: string;
  traceparent?: string;
  data: T;
}

export function toCloudEvent(source: string, topic: string, event: AnyEvent): CloudEvent<AnyEvent> {
  return {
    specversion: '1.0',
    id: event.eventId,
    source,
    type: event.eventType,
    datacontenttype: 'application/json',
    time: event.occurredAt,
    topic,
    data: event,
  };
}
