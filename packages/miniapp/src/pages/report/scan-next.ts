import { type PlatformAdapter, parseOperationQr } from '@shopfloor/sdk';
import Taro from '@tarojs/taro';
import { ROUTES } from '../../routes';

/** Scans the next operation's QR code and replaces this report page with its own. */
export async function scanNextOperation(platform: PlatformAdapter): Promise<void> {
  const { workOrderNo, seq } = parseOperationQr(await platform.scan());
  await Taro.redirectTo({
    url: `/${ROUTES.report}?workOrderNo=${encodeURIComponent(workOrderNo)}&seq=${seq}`,
  });
}
