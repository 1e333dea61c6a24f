/**
 * A query parameter of the page URL as text: Taro hands some over still percent-encoded, some
 * decoded; a stray `%` must not throw.
 */
export function routeParam(params: Record<string, string | undefined>, key: string): string | undefined {
  const raw = params[key];
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
