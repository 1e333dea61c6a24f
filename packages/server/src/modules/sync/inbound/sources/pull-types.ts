import type { InboundEnvelope } from '../apply.js';
import type { Cursor } from './store.js';

/** What a pull source hands its records to. */
export interface PullSink {
  /** The watermark the pull starts from. */
  readonly cursor: Cursor;
  /** Applies the envelopes, then stores `next` as the watermark (only once they committed). */
  apply(envelopes: InboundEnvelope[], next: Cursor): Promise<void>;
  /** A record that cannot even be made an envelope (no id, not an object): counted as rejected, logged. */
  unreadable(reason: string): void;
}
