import { type CompiledBom, compileBom } from '@shopfloor/bom-engine';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import { bumpRevision, loadBomDocument, readRevision } from './bom-store.js';

/** The org's BOM compiled by the engine, cached and rebuilt when bom_revisions moves. (catalog module) */
export interface BomService {
  /**
   * `revision`: the org's revision the caller read itself in a statement outside any transaction
   * that changed the BOM (the home view reads it with its listing): no read of its own then.
   */
  compiled(db: Db, orgId: string, revision?: number): Promise<CompiledBom>;
  /** Call in the transaction of any change to items, BOM lines or conversions; answers the new revision. */
  bumpRevision(db: Db, orgId: string): Promise<number>;
}

interface CacheEntry {
  revision: number;
  bom: Promise<CompiledBom>;
}

/**
 * One cheap query per call checks the revision, so replicas that share a database stay coherent
 * without talking to each other. Concurrent callers of the same revision share one build.
 */
export function createBomService(deps: Pick<AppDeps, 'clock'>): BomService {
  const cache = new Map<string, CacheEntry>();

  return {
    async compiled(db, orgId, known) {
      const { revision, ownChange } =
        known === undefined ? await readRevision(db, orgId) : { revision: known, ownChange: false };
      // A transaction that changed the BOM sees its own uncommitted state: never share or keep that.
      if (ownChange) return compileBom(await loadBomDocument(db, orgId));
      const cached = cache.get(orgId);
      if (cached && cached.revision === revision) return cached.bom;

      const entry: CacheEntry = { revision, bom: loadBomDocument(db, orgId).then(compileBom) };
      // A newer revision may already be cached by a faster caller: keep whichever is newer.
      if (!cached || cached.revision < revision) cache.set(orgId, entry);
      entry.bom.catch(() => {
        if (cache.get(orgId) === entry) cache.delete(orgId);
      });
      return entry.bom;
    },
    bumpRevision: (db, orgId) => bumpRevision(db, orgId, deps.clock.now()),
  };
}
