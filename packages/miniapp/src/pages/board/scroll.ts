import Taro from '@tarojs/taro';

/**
 * Brings the element with `id` into view (centred on H5, where the status bar sticks at the top),
 * and once more after `settleMs`: details loaded after the list (item names, stock gauges) push
 * the element down.
 */
export function scrollToId(id: string, settleMs = 800): void {
  scrollNow(id);
  if (settleMs > 0) setTimeout(() => scrollNow(id), settleMs);
}

function scrollNow(id: string): void {
  if (process.env.TARO_ENV === 'h5') {
    document.getElementById(id)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    return;
  }
  void Taro.pageScrollTo({ selector: `#${id}`, duration: 300 }).catch(() => undefined);
}
