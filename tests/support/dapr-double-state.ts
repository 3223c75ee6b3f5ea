// The state stores behind the Dapr sidecar test double: what a state.postgresql component does for
// the HTTP state API, in memory. Test tooling only.
//   - Keys are namespaced per app id (`<appId>||<key>`), daprd's default keyPrefix, so two apps
//     using one store never see each other's keys.
//   - ETags: a save with an etag updates only when the stored etag matches (else ETagMismatch,
//     which daprd answers 409); first-write concurrency without an etag inserts only.
//   - TTL: metadata.ttlInSeconds > 0 expires the key; -1 (or 0) means no expiry.
//   - A bulk save is all-or-nothing (the component runs it in one transaction).

export class ETagMismatchError extends Error {
  constructor(key: string) {
    super(`possible etag mismatch. error from state store: no item was updated for key ${key}`);
    this.name = 'ETagMismatchError';
  }
}

export class StateRequestError extends Error {}

export interface StoredState {
  appId: string;
  key: string;
  /** The value exactly as serialized JSON. */
  json: string;
  etag: string;
  /** Epoch ms; undefined when the key never expires. */
  expiresAt?: number;
}

export interface SetItem {
  key: string;
  value: unknown;
  etag?: string;
  concurrency?: 'first-write' | 'last-write';
  ttlInSeconds?: number;
}

export const KEY_SEPARATOR = '||';

export class StateStoreDouble {
  private readonly entries = new Map<string, StoredState>();
  private version = 0;

  constructor(
    readonly name: string,
    private readonly now: () => number,
  ) {}

  /** The live entry for an app's key, or undefined (expired entries disappear). */
  get(appId: string, key: string): StoredState | undefined {
    const id = this.id(appId, key);
    const entry = this.entries.get(id);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry;
  }

  /** Parsed value of an app's key (for assertions). */
  value<T = unknown>(appId: string, key: string): T | undefined {
    const entry = this.get(appId, key);
    return entry ? (JSON.parse(entry.json) as T) : undefined;
  }

  /** Every live entry, optionally of one app. */
  list(appId?: string): StoredState[] {
    return [...this.entries.values()].filter(
      (e) => (appId === undefined || e.appId === appId) && this.get(e.appId, e.key) !== undefined,
    );
  }

  /** All-or-nothing: every precondition is checked before anything is written. */
  bulkSet(appId: string, items: SetItem[]): void {
    for (const item of items) {
      const current = this.get(appId, item.key);
      if (item.etag !== undefined && item.etag !== '') {
        if (!current || current.etag !== item.etag) throw new ETagMismatchError(item.key);
      } else if (item.concurrency === 'first-write' && current) {
        throw new ETagMismatchError(item.key);
      }
    }
    for (const item of items) {
      this.entries.set(this.id(appId, item.key), {
        appId,
        key: item.key,
        json: JSON.stringify(item.value ?? null),
        etag: String(++this.version),
        expiresAt:
          item.ttlInSeconds !== undefined && item.ttlInSeconds > 0 ? this.now() + item.ttlInSeconds * 1000 : undefined,
      });
    }
  }

  delete(appId: string, key: string, etag?: string): void {
    const current = this.get(appId, key);
    if (etag !== undefined && etag !== '' && (!current || current.etag !== etag)) throw new ETagMismatchError(key);
    this.entries.delete(this.id(appId, key));
  }

  clear(): void {
    this.entries.clear();
  }

  private id(appId: string, key: string): string {
    return `${appId}${KEY_SEPARATOR}${key}`;
  }
}

/** metadata.ttlInSeconds as the components parse it: an integer; anything else is an error. */
export function parseTtl(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw new StateRequestError(`incorrect value for metadata 'ttlInSeconds': ${raw}`);
  const ttl = Number(raw);
  if (ttl < -1) throw new StateRequestError(`ttlInSeconds must be -1 (no expiry) or positive, got ${ttl}`);
  return ttl;
}
