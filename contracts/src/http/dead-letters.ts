// The operator's dead-letter routes (every service, internal; the `npm run dlq` CLI): messages a
// consumer still failed after every retry, stored in the service's dead_letters table.
import { z } from 'zod';
import { IsoTime } from '../common';
import { AnyEvent } from '../events/envelope';

export const DeadLetterSummary = z.object({
  id: z.number().int().positive(),
  topic: z.string().describe('The topic the message was delivered on'),
  eventId: z.string(),
  eventType: z.string(),
  receivedAt: IsoTime,
  replayedAt: IsoTime.nullable(),
  replayCount: z.number().int().nonnegative(),
  lastReplayError: z
    .string()
    .nullable()
    .describe('Why the last replay failed; null when it succeeded or none was made'),
});
export type DeadLetterSummary = z.infer<typeof DeadLetterSummary>;

/** GET /api/v1/internal/dead-letters */
export const DeadLetterList = z
  .object({
    appId: z.string().describe('The service answering'),
    deadLetters: z.array(DeadLetterSummary).describe('Newest first, at most 500'),
  })
  .describe("A service's dead letters");
export type DeadLetterList = z.infer<typeof DeadLetterList>;

/** GET /api/v1/internal/dead-letters/{id} */
export const DeadLetter = DeadLetterSummary.extend({
  event: AnyEvent.describe('The event as it was delivered'),
}).describe('One dead letter, with its event');
export type DeadLetter = z.infer<typeof DeadLetter>;

/** POST /api/v1/internal/dead-letters/{id}/replay: 200 when the handler took it this time. */
export const DeadLetterReplayResult = z
  .object({
    id: z.number().int().positive(),
    outcome: z.enum(['SUCCESS', 'DROP']).describe('What the handler answered'),
  })
  .describe('The handler processed (or deliberately dropped) the message');
export type DeadLetterReplayResult = z.infer<typeof DeadLetterReplayResult>;
