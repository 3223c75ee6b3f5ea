import { type StateEntry, type StateStore, StateConflictError } from '@saga/runtime';

interface Stored {
  value: unknown;
  etag: string;
  expiresAt?: number;
}

/** In-process state with the same etag and TTL semantics as Dapr's state API. */
export class MemoryStateStore implements StateStore {
  private readonly entries = new Map<string, Stored>();
  private version = 0;

  async get<T>(key: string): Promise<StateEntry<T> | undefined> {
    const entry = this.live(key);
    return entry ? { value: structuredClone(entry.value) as T, etag: entry.etag } : undefined;
  }

  async save<T>(key: string, value: T, options: { etag?: string; ttlSeconds?: number } = {}): Promise<void> {
    this.checkEtag(key, options.etag);
    this.entries.set(key, {
      value: structuredClone(value),
      etag: String(++this.version),
      expiresAt: options.ttlSeconds ? Date.now() + options.ttlSeconds * 1000 : undefined,
    });
  }

  async delete(key: string, options: { etag?: string } = {}): Promise<void> {
    this.checkEtag(key, options.etag);
    this.entries.delete(key);
  }

  private live(key: string): Stored | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private checkEtag(key: string, etag: string | undefined): void {
    if (etag !== undefined && this.live(key)?.etag !== etag) throw new StateConflictError(key);
  }
}
