import type { TestServer } from '../harness.js';
import { COMPONENTS, FG_LOCATIONS, KIT_LOCATION, PRODUCTS, type Product, RM_LOCATIONS } from './plant.js';
import type { Random } from './random.js';
import type { Answer, Api } from './session-api.js';
import { ShelfModel } from './shelf.js';

export type Suspect = 'unwritten-scrap' | 'unbooked-return' | 'unapproved-emergency';

/** An event the shelf saw and the book did not, waiting for a count to find it. */
export interface Injection {
  suspect: Suspect;
  item: string;
  location: string;
  /** The document the explanation must name: the report, the return request, the emergency issue. */
  document: string;
  /** Shelf minus book it left. */
  qty: number;
  foundBy?: string;
}

const USED = new Set(PRODUCTS.flatMap((p) => p.bom.map((l) => l.item)));
/** Components no BOM uses: consumables (辅料) issued without a work order and moved between locations. */
export const CONSUMABLES = COMPONENTS.filter((c) => !USED.has(c.code));
const homeOf = new Map(COMPONENTS.map((c) => [c.code, c.home]));
export const home = (item: string) => homeOf.get(item)!;

/** Throws with the problem when a call the plant relies on did not succeed. */
export function ok(answer: Answer, what: string): Answer {
  if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.json)}`);
  return answer;
}

/**
 * One working day's documents, done through the API as the people of the plant would, each
 * mirrored on the shelf model. Quantities are picked by the seeded random source.
 */
export class PlantDay {
  private woSeq = 0;
  readonly injections: Injection[] = [];

  constructor(
    private readonly server: TestServer,
    private readonly api: Api,
    private readonly rng: Random,
    readonly model: ShelfModel,
  ) {}

  private tick(minutes = 6) {
    this.server.clock.advance(minutes * 60_000);
  }
  private deviceTime() {
    return this.server.clock.now().toISOString();
  }
  /** Keys an unfound injection is on: no other injection goes there, so variances never mix. */
  private drifting(item: string, location: string) {
    return this.injections.some((i) => !i.foundBy && i.item === item && i.location === location);
  }

  /** 收货: every component below 150 at home gets a delivery; now and then one to a spare location. */
  async receipts(day: number) {
    const lines: { item: string; qty: number; location: string }[] = [];
    for (const c of COMPONENTS) {
      if (this.model.bookOf(c.code, c.home) < 150)
        lines.push({ item: c.code, qty: this.rng.int(200, 320), location: c.home });
    }
    if (this.rng.chance(0.4)) {
      const c = this.rng.pick(CONSUMABLES);
      lines.push({ item: c.code, qty: this.rng.int(10, 40), location: this.rng.pick(RM_LOCATIONS) });
    }
    if (lines.length === 0) return;
    this.tick();
    ok(await this.api('sk-sun', 'POST', '/stock/receipts', { reference: `PO-SIM-${day}`, lines }), 'receipt');
    for (const l of lines) this.model.posted(l.item, l.location, l.qty);
  }

  private async workOrder(product: Product, qty: number, backflush: boolean): Promise<string> {
    const no = `SIM-${++this.woSeq}`;
    this.tick(3);
    ok(
      await this.api('pl-zhou', 'POST', '/work-orders', {
        no,
        item: product.code,
        qty,
        due: '2027-03-31',
        backflush,
        issueLocation: home(product.bom[0]!.item),
        location: product.store,
      }),
      'work order',
    );
    ok(await this.api('pl-zhou', 'POST', `/work-orders/${no}/release`, {}), 'release');
    return no;
  }

  private async report(no: string, good: number, scrap: number): Promise<string> {
    this.tick();
    const answer = ok(
      await this.api('op-li', 'POST', `/work-orders/${no}/operations/10/reports`, {
        goodQty: good,
        scrapQty: scrap,
        ...(scrap > 0 ? { scrapReason: '焊接不良' } : {}),
        deviceTime: this.deviceTime(),
      }),
      'report',
    );
    return answer.json.id as string;
  }

  private async request(userId: string, body: Record<string, unknown>): Promise<string> {
    this.tick();
    return ok(await this.api(userId, 'POST', '/issue-requests', { warehouse: 'WH-RM', ...body }), 'request')
      .json.id as string;
  }
  private async approve(id: string, approver = 'ap-zhao') {
    this.tick(2);
    ok(await this.api(approver, 'POST', `/issue-requests/${id}/approve`, {}), 'approve');
  }

  /**
   * 倒冲 work order: the report takes the components from their home; scrapped units used parts too.
   * Written off with a scrap request (报损) at once — unless `unwritten`, the injected event.
   */
  async backflushOrder(product: Product, options: { scrap?: number; unwritten?: boolean } = {}) {
    const qty = this.rng.int(3, 8);
    const scrap = options.scrap ?? 0;
    const no = await this.workOrder(product, qty, true);
    const good = qty - scrap;
    const reportId = await this.report(no, good, scrap);
    this.model.posted(product.code, product.store, good, no);
    for (const l of product.bom) this.model.posted(l.item, home(l.item), -l.qty * good);
    if (scrap === 0) return;
    for (const l of product.bom) this.model.unrecorded(l.item, home(l.item), -l.qty * scrap);
    if (options.unwritten) {
      for (const l of product.bom) {
        this.injections.push({
          suspect: 'unwritten-scrap',
          item: l.item,
          location: home(l.item),
          document: reportId,
          qty: -l.qty * scrap,
        });
      }
      return;
    }
    const writeOff = await this.request('op-li', {
      kind: 'scrap',
      workOrderNo: no,
      lines: product.bom.map((l) => ({ item: l.item, qty: l.qty * scrap, location: home(l.item) })),
    });
    await this.approve(writeOff);
    // The book catches up with the parts the scrapped units already took.
    for (const l of product.bom) {
      this.model.posted(l.item, home(l.item), -l.qty * scrap);
      this.model.unrecorded(l.item, home(l.item), l.qty * scrap);
    }
  }

  /**
   * 领料 work order: the parts are issued by an approved request, the order reports one short, and
   * the leftover goes back with a return (退料) — approved, or `unbooked`: back on the shelf, never booked.
   */
  async issuedOrder(product: Product, options: { unbooked?: boolean } = {}) {
    const qty = this.rng.int(3, 8);
    const no = await this.workOrder(product, qty, false);
    const issue = await this.request('op-li', {
      workOrderNo: no,
      lines: product.bom.map((l) => ({ item: l.item, qty: l.qty * qty, location: home(l.item) })),
    });
    await this.approve(issue);
    for (const l of product.bom) this.model.posted(l.item, home(l.item), -l.qty * qty);
    await this.report(no, qty - 1, 0);
    this.model.posted(product.code, product.store, qty - 1, no);
    const back = product.bom.filter((l) => !options.unbooked || !this.drifting(l.item, home(l.item)));
    const returned = await this.request('op-li', {
      kind: 'return',
      workOrderNo: no,
      lines: back.map((l) => ({ item: l.item, qty: l.qty, location: home(l.item) })),
    });
    if (options.unbooked) {
      for (const l of back) {
        this.model.unrecorded(l.item, home(l.item), l.qty);
        this.injections.push({
          suspect: 'unbooked-return',
          item: l.item,
          location: home(l.item),
          document: returned,
          qty: l.qty,
        });
      }
      return;
    }
    await this.approve(returned);
    for (const l of back) this.model.posted(l.item, home(l.item), l.qty);
  }

  /** 紧急领料 by the storekeeper, approved afterwards — or never, while the line took more than typed. */
  async emergency(item: string, options: { unapproved?: boolean } = {}) {
    const location = home(item);
    const qty = this.rng.int(2, 6);
    const id = await this.request('sk-sun', { emergency: true, lines: [{ item, qty, location }] });
    this.model.posted(item, location, -qty);
    if (!options.unapproved) return this.approve(id);
    const extra = this.rng.int(1, 4);
    this.model.unrecorded(item, location, -extra);
    this.injections.push({ suspect: 'unapproved-emergency', item, location, document: id, qty: -extra });
  }

  /** 辅料 issued without a work order. */
  async consumableIssue() {
    const c = this.rng.pick(CONSUMABLES);
    const qty = Math.min(this.rng.int(1, 12), this.model.available(c.code, c.home));
    if (qty <= 0) return;
    await this.approve(await this.request('op-li', { lines: [{ item: c.code, qty, location: c.home }] }));
    this.model.posted(c.code, c.home, -qty);
  }

  private async transfer(from: string, to: string, item: string, qty: number, approver?: string, lot = '') {
    this.tick();
    const made = ok(
      await this.api('sk-sun', 'POST', '/transfers', {
        lines: [{ item, qty, from, to, ...(lot ? { lot } : {}) }],
      }),
      'transfer',
    );
    if (approver) {
      this.tick(2);
      ok(await this.api(approver, 'POST', `/transfers/${made.json.id}/approve`, {}), 'transfer approve');
    }
    this.model.posted(item, from, -qty, lot);
    this.model.posted(item, to, qty, lot);
  }

  /** 调拨: a consumable to another raw-material location, finished goods between shelves, a kit to the line side. */
  async transfers() {
    const c = this.rng.pick(CONSUMABLES);
    const from = this.rng.pick(
      RM_LOCATIONS.filter((l) => this.model.available(c.code, l) > 0 && !this.drifting(c.code, l)),
    );
    if (from) {
      const to = this.rng.pick(RM_LOCATIONS.filter((l) => l !== from && !this.drifting(c.code, l)));
      await this.transfer(from, to, c.code, this.rng.int(1, this.model.available(c.code, from)));
    }
    const p = this.rng.pick(PRODUCTS);
    const shelf = this.rng.pick(FG_LOCATIONS.filter((l) => this.model.lotsAt(p.code, l).length > 0));
    if (shelf) {
      const to = this.rng.pick(FG_LOCATIONS.filter((l) => l !== shelf));
      const lot = this.rng.pick(this.model.lotsAt(p.code, shelf));
      await this.transfer(
        shelf,
        to,
        p.code,
        this.rng.int(1, this.model.available(p.code, shelf, lot)),
        undefined,
        lot,
      );
    }
    if (this.rng.chance(0.5)) {
      const item = this.rng.pick(p.bom).item;
      if (!this.drifting(item, home(item)))
        await this.transfer(home(item), KIT_LOCATION, item, this.rng.int(2, 10), 'sk-fg');
    }
  }

  /** Injected keys still waiting for their count. */
  unfound(): Injection[] {
    return this.injections.filter((i) => !i.foundBy);
  }
  isDrifting(item: string, location: string) {
    return this.drifting(item, location);
  }
}

export { ShelfModel };
