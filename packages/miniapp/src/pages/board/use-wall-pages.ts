import { useEffect, useState } from 'react';

/** Seconds each screenful of work orders stays on a wall screen. */
export const WALL_PAGE_MS = 10_000;
/** After a person scrolls or taps, the board leaves the scrolling to him this long. */
const HANDS_OFF_MS = 60_000;

/**
 * A wall screen (two or more columns, nobody scrolling it) turns the page by itself: every
 * `intervalMs` it scrolls one screenful down, and from the end back to the top, so every work order
 * comes round. On a phone (one column) nothing moves. Returns the page shown and how many there are.
 */
export function useWallPages(
  gridId: string,
  enabled: boolean,
  intervalMs = WALL_PAGE_MS,
): { page: number; pages: number } {
  const [state, setState] = useState({ page: 0, pages: 1 });

  useEffect(() => {
    if (!enabled || process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return;
    let touchedAt = 0;
    const touched = () => {
      touchedAt = Date.now();
    };
    const events = ['wheel', 'touchstart', 'keydown', 'mousedown'] as const;
    for (const name of events) window.addEventListener(name, touched, { passive: true });

    const view = () => {
      const grid = document.getElementById(gridId);
      if (!grid) return undefined;
      const columns = getComputedStyle(grid).gridTemplateColumns.split(' ').filter(Boolean).length;
      if (columns < 2) return undefined;
      const box = scroller(grid);
      const height = box.clientHeight;
      // A screenful less the sticky status bar, so no card row is skipped.
      const step = Math.max(100, height - 80);
      const pages = Math.max(1, Math.ceil((box.scrollHeight - height) / step) + 1);
      return { box, step, pages };
    };
    const report = () => {
      const v = view();
      const next = v
        ? { page: Math.min(v.pages - 1, Math.round(v.box.scrollTop / v.step)), pages: v.pages }
        : { page: 0, pages: 1 };
      setState((s) => (s.page === next.page && s.pages === next.pages ? s : next));
    };
    const turn = () => {
      const v = view();
      if (!v || v.pages <= 1 || Date.now() - touchedAt < HANDS_OFF_MS) return report();
      const atEnd = v.box.scrollTop + v.box.clientHeight >= v.box.scrollHeight - 2;
      v.box.scrollTo({ top: atEnd ? 0 : v.box.scrollTop + v.step, behavior: 'smooth' });
      setTimeout(report, 800);
    };
    const first = setTimeout(report, 500);
    const timer = setInterval(turn, intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
      for (const name of events) window.removeEventListener(name, touched);
    };
  }, [gridId, enabled, intervalMs]);

  return state;
}

/** The element that scrolls the page: Taro's H5 pages scroll inside their own container. */
function scroller(el: HTMLElement): HTMLElement {
  for (let node = el.parentElement; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (/(auto|scroll)/.test(style.overflowY) && node.scrollHeight > node.clientHeight) return node;
  }
  return (document.scrollingElement as HTMLElement | null) ?? document.documentElement;
}
