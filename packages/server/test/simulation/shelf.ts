/**
 * What the test knows of the plant: the book it expects the server to hold, and the shelf — what
 * physically lies in each location. Documents move both; unrecorded events move the shelf only,
 * so shelf − book is the variance a count must find there.
 */
export class ShelfModel {
  readonly book = new Map<string, number>();
  readonly shelf = new Map<string, number>();

  /** One balance: item, location and lot (finished goods carry their work order's lot). */
  static key(item: string, location: string, lot = ''): string {
    return lot ? `${item}@${location}#${lot}` : `${item}@${location}`;
  }

  bookOf(item: string, location: string, lot = ''): number {
    return this.book.get(ShelfModel.key(item, location, lot)) ?? 0;
  }
  shelfOf(item: string, location: string, lot = ''): number {
    return this.shelf.get(ShelfModel.key(item, location, lot)) ?? 0;
  }
  /** What may be taken from a location: both the book and the shelf must hold it. */
  available(item: string, location: string, lot = ''): number {
    return Math.min(this.bookOf(item, location, lot), this.shelfOf(item, location, lot));
  }
  drift(item: string, location: string, lot = ''): number {
    return this.shelfOf(item, location, lot) - this.bookOf(item, location, lot);
  }

  /** A document that moved stock: the book and the shelf move alike. */
  posted(item: string, location: string, qty: number, lot = ''): void {
    this.add(this.book, ShelfModel.key(item, location, lot), qty);
    this.add(this.shelf, ShelfModel.key(item, location, lot), qty);
  }
  /** Something happened on the shelf that no document booked. */
  unrecorded(item: string, location: string, qty: number): void {
    this.add(this.shelf, ShelfModel.key(item, location), qty);
  }
  /** A count accepted (within tolerance, or approved): the book is the shelf again. */
  adjusted(item: string, location: string, lot = ''): void {
    this.book.set(ShelfModel.key(item, location, lot), this.shelfOf(item, location, lot));
  }

  /** The lots of an item the book holds at a location. */
  lotsAt(item: string, location: string): string[] {
    const prefix = `${item}@${location}#`;
    return [...this.book]
      .filter(([k, q]) => k.startsWith(prefix) && q > 0)
      .map(([k]) => k.slice(prefix.length));
  }

  private add(map: Map<string, number>, key: string, qty: number): void {
    const next = Number(((map.get(key) ?? 0) + qty).toPrecision(15));
    if (next < 0) throw new Error(`the simulation took ${-qty} of ${key} holding ${map.get(key) ?? 0}`);
    map.set(key, next);
  }
}
