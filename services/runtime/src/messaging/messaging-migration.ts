import { Migration } from '../db/database';

/**
 * The outbox (events committed with the state change that caused them, published after commit)
 * and the inbox (events a consumer has processed, recorded in the same transaction as the effect).
 * Every service that publishes or consumes adds this migration to its list.
 */
export class CreateOutboxAndInbox extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table outbox (
      id bigserial primary key,
      event_id text not null unique,
      topic text not null,
      event json not null,
      created_at timestamptz not null default clock_timestamp(),
      published_at timestamptz,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default clock_timestamp(),
      last_error text
    )`);
    this.addSql(`create index outbox_pending_idx on outbox (next_attempt_at, id) where published_at is null`);
    this.addSql(`create table inbox (
      consumer text not null,
      event_id text not null,
      processed_at timestamptz not null default clock_timestamp(),
      primary key (consumer, event_id)
    )`);
    // Messages a consumer of this service failed to process after every retry, kept for an
    // operator to inspect and replay (npm run dlq).
    this.addSql(`create table dead_letters (
      id bigserial primary key,
      topic text not null,
      event_id text not null,
      event_type text not null,
      event json not null,
      received_at timestamptz not null default clock_timestamp(),
      replayed_at timestamptz,
      replay_count integer not null default 0,
      last_replay_error text,
      unique (topic, event_id)
    )`);
  }
}

export const messagingMigration = { name: '0000-outbox-and-inbox', class: CreateOutboxAndInbox };
