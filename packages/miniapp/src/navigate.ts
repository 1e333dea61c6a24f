import Taro from '@tarojs/taro';
import { isAvailable, ROUTES, type RouteName } from './routes';

/** Opens `route` with query parameters; false when the page is not built yet. */
export function navigate(route: RouteName, params: Record<string, string | number> = {}): boolean {
  if (!isAvailable(route)) return false;
  const query = Object.entries(params)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  void Taro.navigateTo({ url: `/${ROUTES[route]}${query ? `?${query}` : ''}` });
  return true;
}
