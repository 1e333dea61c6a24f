import { BomError, type CompiledBom, compileBom } from '@shopfloor/bom-engine';
import { InputError } from '../../errors.js';
import { type LoadedBom, loadBomFile, locationOf } from '../../load/index.js';

export interface OpenedBom {
  loaded: LoadedBom;
  bom: CompiledBom;
}

/** Loads and compiles a BOM file; engine errors become one line pointing into the file. */
export async function openBom(path: string): Promise<OpenedBom> {
  const loaded = await loadBomFile(path);
  try {
    return { loaded, bom: compileBom(loaded.document) };
  } catch (error) {
    if (!(error instanceof BomError)) throw error;
    const location = locationOf(loaded, error);
    const more = error.issues.length - 1;
    const hint =
      more > 0 ? `; ${more} more ${more === 1 ? 'error' : 'errors'}, see 'shopfloor bom check ${path}'` : '';
    throw new InputError(`${error.message}${location ? ` (${location})` : ''}${hint}`);
  }
}

export function requireItem({ loaded, bom }: OpenedBom, code: string): void {
  if (!bom.hasItem(code)) throw new InputError(`unknown item '${code}' (not in ${loaded.file})`);
}

/** `TABLE 餐桌`, or just the code when the item has no name. */
export function itemLabel(bom: CompiledBom, code: string): string {
  const { name } = bom.itemInfo(code);
  return name ? `${code} ${name}` : code;
}

export function itemName(bom: CompiledBom, code: string): string {
  return bom.hasItem(code) ? bom.itemInfo(code).name : '';
}
