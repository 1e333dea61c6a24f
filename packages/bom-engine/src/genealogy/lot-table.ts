import { GenealogyError } from './errors.js';
import { LotIndex } from './lot-index.js';
import { StringDictionary } from './string-dictionary.js';
import type { LotAttributes, LotKind } from './types.js';

/** Flag bits per lot, derived from the edges. */
export const LOT_CONSUMED = 1; // the `from` of a consume edge
export const LOT_SHIP_TARGET = 2; // the `to` of a ship edge

const NO_ID = -1;

/**
 * Lot codes interned to dense int ids, with per-lot attributes in typed arrays. Attribute arrays
 * are allocated on first use so a genealogy without items or customers pays nothing for them.
 */
export class LotTable {
  readonly index: LotIndex;
  readonly items = new StringDictionary();
  readonly kinds = new StringDictionary();
  readonly customers = new StringDictionary();
  itemOf: Int32Array | null = null;
  kindOf: Uint8Array | null = null; // 0 = none, k = kinds.values[k - 1]
  customerOf: Int32Array | null = null;
  flags: Uint8Array;
  private capacity: number;

  constructor(expectedLots = 1024) {
    this.capacity = Math.max(16, expectedLots);
    this.flags = new Uint8Array(this.capacity);
    this.index = new LotIndex(expectedLots);
  }

  get size(): number {
    return this.index.size;
  }

  get codes(): string[] {
    return this.index.codes;
  }

  /** Id of a lot code, or -1. */
  idOf(code: string): number {
    return this.index.get(code);
  }

  intern(code: string): number {
    const id = this.index.intern(code);
    if (id === this.capacity) this.grow();
    return id;
  }

  setItem(id: number, item: string): void {
    if (this.itemOf === null) this.itemOf = new Int32Array(this.capacity).fill(NO_ID);
    const itemId = this.items.intern(item);
    const current = this.itemOf[id];
    if (current !== NO_ID && current !== itemId) {
      const lot = this.codes[id];
      throw new GenealogyError(
        'BAD_LOT',
        `lot ${lot} is given two items: ${this.items.values[current]} and ${item}`,
        { lot },
      );
    }
    this.itemOf[id] = itemId;
  }

  setAttributes(attributes: LotAttributes): void {
    const { lot, item, kind, customer } = attributes;
    if (typeof lot !== 'string' || lot === '') {
      throw new GenealogyError(
        'BAD_LOT',
        `lot attributes need a non-empty lot code, got ${JSON.stringify(lot)}`,
      );
    }
    const id = this.intern(lot);
    if (item !== undefined && item !== null) this.setItem(id, item);
    if (kind !== undefined && kind !== null) {
      if (this.kindOf === null) this.kindOf = new Uint8Array(this.capacity);
      const kindId = this.kinds.intern(kind) + 1;
      if (kindId > 255)
        throw new GenealogyError('BAD_LOT', `lot ${lot}: more than 255 distinct lot kinds`, { lot });
      this.kindOf[id] = kindId;
    }
    if (customer !== undefined && customer !== null) {
      if (this.customerOf === null) this.customerOf = new Int32Array(this.capacity).fill(NO_ID);
      this.customerOf[id] = this.customers.intern(customer);
    }
  }

  kindOfLot(id: number): LotKind | undefined {
    const k = this.kindOf === null ? 0 : this.kindOf[id];
    return k === 0 ? undefined : this.kinds.values[k - 1];
  }

  itemOfLot(id: number): string | undefined {
    const i = this.itemOf === null ? NO_ID : this.itemOf[id];
    return i === NO_ID ? undefined : this.items.values[i];
  }

  customerOfLot(id: number): string | undefined {
    const c = this.customerOf === null ? NO_ID : this.customerOf[id];
    return c === NO_ID ? undefined : this.customers.values[c];
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    this.flags = resized(this.flags, capacity, 0);
    if (this.itemOf) this.itemOf = resized(this.itemOf, capacity, NO_ID);
    if (this.kindOf) this.kindOf = resized(this.kindOf, capacity, 0);
    if (this.customerOf) this.customerOf = resized(this.customerOf, capacity, NO_ID);
    this.capacity = capacity;
  }
}

function resized<T extends Int32Array | Uint8Array>(array: T, length: number, fill: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  if (fill !== 0) next.fill(fill, array.length);
  return next;
}
