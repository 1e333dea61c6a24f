import Taro from '@tarojs/taro';

/** Brings the element with `id` into view (centred on H5, where the status bar sticks at the top). */
export function scrollToId(id: string): void {
  if (process.env.TARO_ENV === 'h5') {
    document.getElementById(id)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    return;
  }
  void Taro.pageScrollTo({ selector: `#${id}`, duration: 300 }).catch(() => undefined);
}
