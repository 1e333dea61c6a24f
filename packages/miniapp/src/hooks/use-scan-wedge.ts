import { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useRef } from 'react';
import { appScanWedge } from './scan-wedge';

/**
 * Codes a PDA or scan gun types (keystrokes ending in Enter) go to `onCode` while this page is on
 * screen: the scan buttons' work without the tap.
 */
export function useScanWedge(onCode: (code: string) => void): void {
  const handler = useRef(onCode);
  handler.current = onCode;
  const undo = useRef<(() => void) | undefined>(undefined);
  const attach = () => {
    undo.current?.();
    undo.current = appScanWedge()?.push((code) => handler.current(code));
  };
  const detach = () => {
    undo.current?.();
    undo.current = undefined;
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: attach once per mount
  useEffect(() => {
    attach();
    return detach;
  }, []);
  useDidShow(attach);
  useDidHide(detach);
}
