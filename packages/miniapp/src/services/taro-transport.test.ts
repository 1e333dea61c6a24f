import { beforeEach, describe, expect, it, vi } from 'vitest';

const request = vi.fn();
vi.mock('@tarojs/taro', () => ({ default: { request: (options: unknown) => request(options) } }));

const { taroTransport } = await import('./taro-transport');

const board = {
  method: 'GET' as const,
  url: 'https://mes.example.com/api/v1/work-orders?view=board',
  headers: { Authorization: 'Bearer t', 'If-None-Match': '"e1"' },
  timeoutMs: 1000,
};

describe('the Taro.request transport', () => {
  // In braces: a function returned from beforeEach would run as a teardown.
  beforeEach(() => {
    request.mockReset();
  });

  it('sends the headers as given and answers a 304 as a 304 (weapp: success whatever the status)', async () => {
    request.mockResolvedValue({ statusCode: 304, header: { ETag: '"e1"' }, data: '' });
    const answer = await taroTransport(board);
    expect(request.mock.calls[0]?.[0]).toMatchObject({ header: board.headers, dataType: 'text' });
    expect(answer).toEqual({ status: 304, headers: { ETag: '"e1"' }, body: '' });
  });

  it('turns a failure that carries an HTTP status (dd: error 19) into that answer', async () => {
    request.mockRejectedValue({
      error: 19,
      status: 401,
      headers: { 'content-type': 'application/problem+json' },
      data: '{"status":401}',
    });
    expect(await taroTransport(board)).toEqual({
      status: 401,
      headers: { 'content-type': 'application/problem+json' },
      body: '{"status":401}',
    });
  });

  it('still rejects when no answer came', async () => {
    const failure = { errMsg: 'request:fail timeout' };
    request.mockRejectedValue(failure);
    await expect(taroTransport(board)).rejects.toBe(failure);
  });
});
