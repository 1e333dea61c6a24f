import type { Clock } from '../../deps.js';

export interface Expiring<T> {
  value: T;
  /** Seconds the platform said the value lives. */
  expiresIn: number;
}

/**
 * A cached value that the platform issues with a lifetime (access tokens, jsapi tickets): fetched
 * once however many callers ask at the same time, and refreshed a while before it expires.
 */
export class ExpiringValue<T> {
  private current: { value: T; refreshAt: number } | null = null;
  private inFlight: Promise<T> | null = null;

  constructor(
    private readonly fetchValue: () => Promise<Expiring<T>>,
    private readonly clock: Clock,
    /** Refresh this long before expiry (never more than half the lifetime). */
    private readonly earlyMs = 300_000,
  ) {}

  async get(): Promise<T> {
    const now = this.clock.now().getTime();
    if (this.current && now < this.current.refreshAt) return this.current.value;
    this.inFlight ??= this.fetchValue()
      .then(({ value, expiresIn }) => {
        const lifetimeMs = Math.max(0, expiresIn) * 1000;
        const refreshAt = this.clock.now().getTime() + lifetimeMs - Math.min(this.earlyMs, lifetimeMs / 2);
        this.current = { value, refreshAt };
        return value;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** Forget the value (the platform said it is no longer valid). */
  invalidate(): void {
    this.current = null;
  }
}
