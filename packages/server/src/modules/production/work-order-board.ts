import type { WorkOrderBoardCounts } from '@shopfloor/sdk';
import { type SelectQueryBuilder, sql } from 'kysely';

/** Released orders come onto the board this many days before they are due (and stay while late). */
export const BOARD_HORIZON_DAYS = 7;

/** The last due date a released order may have to be on the board, `today` being the Shanghai day. */
export function boardHorizon(today: string): string {
  const day = new Date(`${today}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + BOARD_HORIZON_DAYS);
  return day.toISOString().slice(0, 10);
}

/**
 * The board (看板) selection: what a shop floor needs now. Every in-progress and held order, and the
 * released ones due within the horizon or already late; drafts and finished orders never.
 */
export function onTheBoard(today: string) {
  return sql<boolean>`(wo.status in ('in-progress', 'on-hold')
    or wo.status = 'released' and wo.due <= ${boardHorizon(today)}::date)`;
}

/** How many orders the (already filtered) board selection holds, by status and late ones. */
export async function boardCounts(
  // biome-ignore lint/suspicious/noExplicitAny: any work-order query of the store, its columns replaced here
  filtered: SelectQueryBuilder<any, any, any>,
  today: string,
): Promise<{ total: number; counts: WorkOrderBoardCounts }> {
  const row = (await filtered
    .clearSelect()
    .clearOrderBy()
    .select([
      sql<string>`count(*)`.as('total'),
      sql<string>`count(*) filter (where wo.status = 'in-progress')`.as('in_progress'),
      sql<string>`count(*) filter (where wo.status = 'released')`.as('released'),
      sql<string>`count(*) filter (where wo.status = 'on-hold')`.as('on_hold'),
      sql<string>`count(*) filter (where wo.due < ${today}::date)`.as('overdue'),
    ])
    .executeTakeFirstOrThrow()) as Record<string, string>;
  return {
    total: Number(row.total),
    counts: {
      'in-progress': Number(row.in_progress),
      released: Number(row.released),
      'on-hold': Number(row.on_hold),
      overdue: Number(row.overdue),
    },
  };
}

/** The answer for a selection no workshop of the caller's can see. */
export const EMPTY_BOARD = {
  total: 0,
  counts: { 'in-progress': 0, released: 0, 'on-hold': 0, overdue: 0 },
} as const;
