import { sendRaw } from './files';
import { path } from './path';

/**
 * The printable label page of a released work order (`?format=html`). The SDK's `labelsUrl` names
 * the address; the page needs the bearer token, so the console fetches it and shows it in a frame.
 */
export async function labelSheetHtml(no: string): Promise<string> {
  const response = await sendRaw('GET', `${path`/work-orders/${no}/labels`}?format=html`);
  return response.text();
}
