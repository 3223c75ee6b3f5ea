// Graceful shutdown: on SIGTERM/SIGINT stop taking requests, let in-flight ones finish, then run
// the closers in reverse order of start (servers, workers, runtime, database).
import type { Logger } from 'pino';

export type Closer = () => Promise<void>;

export class Lifecycle {
  private readonly closers: Array<{ name: string; close: Closer }> = [];
  private closing?: Promise<void>;

  constructor(private readonly logger: Logger) {}

  /** Registers something to close; later registrations close first. */
  onClose(name: string, close: Closer): void {
    this.closers.push({ name, close });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const { name, close } of [...this.closers].reverse()) {
        try {
          await close();
        } catch (err) {
          this.logger.error({ err, name }, 'error while closing');
        }
      }
    })();
    return this.closing;
  }

  /** Exits the process once closed, or after the deadline if something hangs. */
  handleSignals(deadlineMs = 10_000): void {
    const onSignal = (signal: string) => {
      this.logger.info({ signal }, 'shutting down');
      setTimeout(() => {
        this.logger.error('shutdown deadline passed; exiting');
        process.exit(1);
      }, deadlineMs).unref();
      void this.close().then(() => process.exit(0));
    };
    process.once('SIGTERM', () => onSignal('SIGTERM'));
    process.once('SIGINT', () => onSignal('SIGINT'));
  }
}
