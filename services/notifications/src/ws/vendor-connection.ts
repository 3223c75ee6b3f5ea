// One open socket of a vendor or a customer (its recipient). On connect it replays what the
// recipient has not acknowledged, oldest
// first; live notifications arriving meanwhile wait behind the replay, so order holds. It sends a
// notification at most once per connection (a redelivered event or a replay/live overlap sends
// nothing new), never makes other sockets wait for it, and is cut when it stops reading (buffer
// over the limit) or stops answering pings. Client frames are handled one at a time, after the replay.
import type { Logger, Queryable } from '@saga/runtime';
import { type RawData, WebSocket } from 'ws';
import type { NotificationsMetrics } from '../metrics/notifications-metrics';
import { type OutgoingFrame, type Recipient, outgoingFrame } from '../notifications/notification';
import { notificationRepository } from '../repositories/notification-repository';
import { type ReplyFrame, parseClientFrame } from './client-frames';

export interface ConnectionDeps {
  db: Queryable;
  metrics: NotificationsMetrics;
  logger: Logger;
  maxBufferedBytes: number;
  replayPageSize: number;
}

/** Ids remembered per connection; older ones are forgotten (an unacknowledged one could then go out again, which acks allow). */
const MAX_REMEMBERED_IDS = 10_000;
/** Client frames waiting for their turn; past this the socket stops reading until half are done (TCP pushes back). */
const MAX_QUEUED_CLIENT_FRAMES = 256;

export class VendorConnection {
  private readonly sent = new Set<string>();
  /** Live frames that arrived while the replay runs; undefined once it is done. */
  private held: OutgoingFrame[] | undefined = [];
  private alive = true;
  private inbound: Promise<void> = Promise.resolve();
  private queuedClientFrames = 0;
  private readonly closed: Promise<void>;

  constructor(
    readonly recipient: Recipient,
    private readonly socket: WebSocket,
    private readonly deps: ConnectionDeps,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('pong', () => (this.alive = true));
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
  }

  /** For logs: a vendor by its vendorId; a customer only as such (their id stays out of the logs). */
  private who(): Record<string, string> {
    return this.recipient.audience === 'vendor' ? { vendorId: this.recipient.id } : { audience: 'customer' };
  }

  private get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** A notification just committed for this vendor. */
  push(frame: OutgoingFrame): void {
    if (this.held) this.held.push(frame);
    else this.deliver(frame, 'live');
  }

  /** Starts the replay; client frames are handled after it, so a pong also says "you are caught up". */
  start(): void {
    this.inbound = this.replay();
  }

  /** Sends every unacknowledged notification, page by page, then what arrived live meanwhile. */
  private async replay(): Promise<void> {
    const { db, replayPageSize, logger } = this.deps;
    try {
      for (let after = '0'; ;) {
        const page = await notificationRepository.unackedPage(db, this.recipient, after, replayPageSize);
        for (const notification of page) {
          if (!this.open) return;
          await this.paced(outgoingFrame(notification));
        }
        if (page.length < replayPageSize) break;
        after = page[page.length - 1]!.seq;
      }
      // What arrived meanwhile may have been acknowledged on another socket of this recipient since.
      while (this.held?.length) {
        const held = this.held.splice(0);
        const unacked = await notificationRepository.stillUnacked(
          db,
          held.map((f) => f.id),
        );
        for (const frame of held) if (unacked.has(frame.id)) this.deliver(frame, 'live');
      }
      this.held = undefined;
    } catch (err) {
      // Nothing is lost (it stays unacknowledged); the client reconnects and the replay starts over.
      logger.error({ ...this.who(), err: (err as Error).message }, 'replay failed; closing the socket');
      this.socket.close(1011, 'replay failed, reconnect');
    }
  }

  /** Called every heartbeat interval: cut the socket if the previous ping went unanswered. */
  heartbeat(): void {
    if (!this.alive) return this.drop('dead');
    this.alive = false;
    this.socket.ping();
  }

  /** A replay frame; past half the buffer limit, waits until this socket has taken it (only this socket waits). */
  private async paced(frame: OutgoingFrame): Promise<void> {
    let written = () => {};
    const flushed = new Promise<void>((resolve) => (written = resolve));
    if (!this.deliver(frame, 'replay', written)) return;
    if (this.socket.bufferedAmount > this.deps.maxBufferedBytes / 2) await Promise.race([flushed, this.closed]);
  }

  private deliver(frame: OutgoingFrame, kind: 'live' | 'replay', onWritten?: () => void): boolean {
    if (this.sent.has(frame.id) || !this.write(frame.text, onWritten)) return false;
    this.sent.add(frame.id);
    if (this.sent.size > MAX_REMEMBERED_IDS) this.sent.delete(this.sent.values().next().value as string);
    const { metrics } = this.deps;
    metrics.framesSent.inc({ event: frame.event });
    if (kind === 'replay') metrics.redelivered.inc();
    else if (frame.placedAt) metrics.placedToFrame.observe(Math.max(0, Date.now() - Date.parse(frame.placedAt)) / 1000);
    return true;
  }

  /** Queues text on the socket without waiting; a socket that stopped reading is dropped instead. */
  private write(text: string, onWritten?: () => void): boolean {
    if (!this.open) return false;
    if (this.socket.bufferedAmount > this.deps.maxBufferedBytes) {
      this.drop('slow');
      return false;
    }
    this.socket.send(text, (err) => {
      if (err) this.deps.logger.debug({ ...this.who(), err: err.message }, 'frame not written');
      onWritten?.();
    });
    return true;
  }

  private reply(frame: ReplyFrame): void {
    if (this.write(JSON.stringify(frame))) this.deps.metrics.framesSent.inc({ event: frame.event });
  }

  private drop(reason: 'slow' | 'dead'): void {
    this.deps.metrics.socketsDropped.inc({ reason });
    this.deps.logger.info({ ...this.who(), reason }, 'socket dropped');
    this.socket.terminate();
  }

  private receive(data: RawData, isBinary: boolean): void {
    this.alive = true;
    if (++this.queuedClientFrames === MAX_QUEUED_CLIENT_FRAMES) this.socket.pause();
    this.inbound = this.inbound
      .then(() => this.handle(data, isBinary))
      .catch((err: Error) => this.deps.logger.error({ ...this.who(), err: err.message }, 'client frame failed'))
      .finally(() => {
        if (--this.queuedClientFrames === MAX_QUEUED_CLIENT_FRAMES / 2) this.socket.resume();
      });
  }

  private async handle(data: RawData, isBinary: boolean): Promise<void> {
    const parsed = parseClientFrame(data, isBinary);
    if ('error' in parsed) return this.reply({ event: 'error', code: 'BAD_FRAME', detail: parsed.error });
    const { frame } = parsed;
    if (frame.event === 'ping') return this.reply({ event: 'pong' });
    try {
      const outcome = await notificationRepository.acknowledge(this.deps.db, this.recipient, frame.id);
      if (outcome === 'NOT_FOUND')
        return this.reply({
          event: 'error',
          code: 'UNKNOWN_NOTIFICATION',
          id: frame.id,
          detail: `no such notification for this ${this.recipient.audience}`,
        });
      if (outcome === 'ACKED') this.deps.metrics.acks.inc();
      this.reply({ event: 'acked', id: frame.id });
    } catch (err) {
      this.deps.logger.error({ ...this.who(), err: (err as Error).message }, 'acknowledgement failed');
      this.reply({
        event: 'error',
        code: 'TRY_AGAIN',
        id: frame.id,
        detail: 'the acknowledgement was not recorded; send it again',
      });
    }
  }
}
