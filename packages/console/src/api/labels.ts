import { client } from './client';
import { path } from './path';

/**
 * The printable label page of a released work order (`?format=html`). The SDK's `labelsUrl` names
 * the address, but the page needs the bearer token: the console asks for it through the client and
 * shows it in a frame.
 */
export async function labelSheetHtml(no: string): Promise<string> {
  const bytes = await client.request<Uint8Array>({
    method: 'GET',
    path: path`/work-orders/${no}/labels`,
    query: { format: 'html' },
    responseType: 'bytes',
  });
  return new TextDecoder().decode(bytes);
}
