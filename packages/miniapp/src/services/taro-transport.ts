import type { Transport } from '@shopfloor/sdk';
import Taro from '@tarojs/taro';

/** The SDK's transport over Taro.request, for mini-program runtimes that have no fetch. */
export const taroTransport: Transport = async (request) => {
  const answer = await Taro.request({
    url: request.url,
    method: request.method === 'PATCH' ? 'POST' : request.method,
    header: request.headers,
    data: request.body,
    dataType: 'text',
    responseType: 'text',
    timeout: request.timeoutMs,
  });
  return {
    status: answer.statusCode,
    headers: Object.fromEntries(Object.entries(answer.header ?? {}).map(([k, v]) => [k, String(v)])),
    body: typeof answer.data === 'string' ? answer.data : JSON.stringify(answer.data ?? ''),
  };
};
