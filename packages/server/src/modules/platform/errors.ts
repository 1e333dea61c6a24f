export type PlatformName = 'DingTalk' | 'WeCom';

/** Something went wrong talking to DingTalk or WeCom. Messages never carry secrets or tokens. */
export class PlatformError extends Error {
  constructor(
    readonly platform: PlatformName,
    message: string,
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

/** The platform could not be reached, timed out, or answered with an HTTP error. */
export class PlatformUnavailableError extends PlatformError {
  constructor(platform: PlatformName, reason: string) {
    super(platform, `${platform} is unreachable: ${reason}`);
    this.name = 'PlatformUnavailableError';
  }
}

/** The platform answered, with an errcode other than 0. */
export class PlatformRejectedError extends PlatformError {
  constructor(
    platform: PlatformName,
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(platform, `${platform} ${api} refused: errcode ${errcode} (${errmsg.slice(0, 200)})`);
    this.name = 'PlatformRejectedError';
  }

  /** The access token was invalid or expired: fetch a fresh one and try once more. */
  get tokenExpired(): boolean {
    return TOKEN_ERRCODES.has(this.errcode);
  }
}

// DingTalk 40014/42001 and WeCom 40014/42001: invalid or expired access_token.
const TOKEN_ERRCODES = new Set([40014, 42001, 88]);
