import type { Transport, TransportResponse } from '@shopfloor/sdk';
import Taro from '@tarojs/taro';

/** The SDK's transport over Taro.request, for mini-program runtimes that have no fetch. */
export const taroTransport: Transport = async (request) => {
  try {
    const answer = await Taro.request({
      url: request.url,
      method: request.method === 'PATCH' ? 'POST' : request.method,
      header: request.headers,
      data: request.body,
      dataType: 'text',
      responseType: 'text',
      timeout: request.timeoutMs,
    });
    return toResponse(answer.statusCode, answer.header, answer.data);
  } catch (failure) {
    // my.request (dd) may fail an answer outside 2xx (error 19) with its `status`: that is still an answer.
    const answered = failure as {
      status?: unknown;
      statusCode?: unknown;
      headers?: unknown;
      header?: unknown;
      data?: unknown;
    };
    const status = answered?.statusCode ?? answered?.status;
    if (typeof status !== 'number') throw failure;
    return toResponse(status, answered.header ?? answered.headers, answered.data);
  }
};

function toResponse(status: number, header: unknown, data: unknown): TransportResponse {
  const headers = header && typeof header === 'object' ? (header as Record<string, unknown>) : {};
  return {
    status,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
    body: typeof data === 'string' ? data : JSON.stringify(data ?? ''),
  };
}
