/**
 * PDAs and scan guns (扫码枪) "type" the code they read as keystrokes ending in Enter (keyboard
 * wedge). This collects those keystrokes when no text field has the focus and hands the code to the
 * page on screen, so a PDA user never taps 扫码. Typed into a field, the field's own Enter
 * (`onConfirm`) acts.
 */
export type WedgeHandler = (code: string) => void;

/** Keys further apart than this start a new code (a scanner types a code in well under a second). */
const GAP_MS = 800;

export interface ScanWedge {
  /** Makes `handler` the one that receives codes (the page on screen); returns the undo. */
  push(handler: WedgeHandler): () => void;
  /** The keydown listener (exported for tests). */
  onKeyDown(
    event: Pick<KeyboardEvent, 'key' | 'target' | 'ctrlKey' | 'metaKey' | 'altKey' | 'preventDefault'> & {
      composedPath?: () => EventTarget[];
    },
  ): void;
}

export function createScanWedge(now: () => number = () => Date.now()): ScanWedge {
  const handlers: WedgeHandler[] = [];
  let buffer = '';
  let last = 0;
  return {
    push(handler) {
      handlers.push(handler);
      return () => {
        const index = handlers.lastIndexOf(handler);
        if (index >= 0) handlers.splice(index, 1);
      };
    },
    onKeyDown(event) {
      // Autofill and some IMEs send keydowns without a key.
      if (typeof event.key !== 'string' || event.ctrlKey || event.metaKey || event.altKey) return;
      // Taro's fields are custom elements: the event's own target may be the host, the path says.
      const origin = event.composedPath?.()[0] ?? event.target;
      if (isTextField(origin) || isTextField(event.target)) {
        buffer = '';
        return;
      }
      const at = now();
      if (at - last > GAP_MS) buffer = '';
      last = at;
      if (event.key === 'Enter') {
        const code = buffer.trim();
        buffer = '';
        const handler = handlers.at(-1);
        if (code.length >= 2 && handler) {
          event.preventDefault();
          handler(code);
        }
        return;
      }
      if (event.key.length === 1) buffer += event.key;
    },
  };
}

function isTextField(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean } | null;
  if (!el?.tagName) return false;
  const tag = el.tagName.toUpperCase();
  return (
    tag === 'INPUT' ||
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    tag.startsWith('TARO-INPUT') ||
    tag.startsWith('TARO-TEXTAREA') ||
    el.isContentEditable === true
  );
}

let shared: ScanWedge | undefined;

/** The app's one wedge, listening on the document (H5 only; mini-programs scan through the host). */
export function appScanWedge(): ScanWedge | undefined {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return undefined;
  if (!shared) {
    const wedge = createScanWedge();
    document.addEventListener('keydown', (event) => wedge.onKeyDown(event), true);
    shared = wedge;
  }
  return shared;
}
