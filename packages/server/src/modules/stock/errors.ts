import { HttpProblem } from '../../http/problem.js';

/** A posting would take a balance below zero: 409, and the caller's transaction posts nothing. */
export class InsufficientStockError extends HttpProblem {
  constructor(
    readonly item: string,
    readonly location: string,
    readonly lot: string,
    readonly available: number,
    readonly needed: number,
  ) {
    super(
      409,
      'insufficient-stock',
      'Insufficient stock',
      `not enough ${item} at ${location}${lot ? ` lot ${lot}` : ''}: ${available} on hand, ${needed} needed; nothing was posted`,
      undefined,
      undefined,
      { item, location, lot: lot || null, available, needed },
    );
    this.name = 'InsufficientStockError';
  }
}
