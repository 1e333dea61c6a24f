import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The hosts that may show /app/ and /console/ in a frame: DingTalk's and WeCom's web and desktop
 * clients (their workbenches open an H5 micro-app in an iframe; the phone apps use a webview, which
 * frame-ancestors does not touch). Documented in docs/security.md.
 */
export const PLATFORM_FRAME_HOSTS = [
  'https://*.dingtalk.com',
  'https://*.dingtalkapps.com',
  'https://work.weixin.qq.com',
  'https://*.work.weixin.qq.com',
] as const;

/** `'sha256-…'` of an inline script, for a CSP that allows that one script and no other. */
export const scriptHash = (script: string) =>
  `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;

// Shared by every answer: nothing sniffed, referrers without paths off-site, HTTPS remembered
// (browsers ignore it over plain http), no X-Frame-Options (frame-ancestors says who may frame).
const common = {
  xContentTypeOptions: true,
  referrerPolicy: 'strict-origin-when-cross-origin',
  strictTransportSecurity: 'max-age=15552000',
  xFrameOptions: false,
  // The app's sign-in redirects and the platforms' JS bridges must keep their window.
  crossOriginOpenerPolicy: false,
} as const;

/**
 * The built pages (/app/ and /console/): only their own scripts (neither build inlines one), styles
 * inline too (antd and Taro write <style> elements at run time), images from data: and blob: URLs
 * (QR codes, icons), the API on the same origin, the app's service worker.
 */
export function pageHeaders(): MiddlewareHandler {
  return secureHeaders({
    ...common,
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'self'", ...PLATFORM_FRAME_HOSTS],
    },
  });
}

/** Swagger UI at /docs: its bundle, the one inline script that starts it (by hash), its inline styles. */
export function docsHeaders(inlineScript: string): MiddlewareHandler {
  return secureHeaders({
    ...common,
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", scriptHash(inlineScript)],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'self'"],
    },
  });
}

/** JSON answers: nothing in them is to be run, shown in a frame or loaded by another site's page. */
export function apiHeaders(): MiddlewareHandler {
  return secureHeaders({
    ...common,
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  });
}
