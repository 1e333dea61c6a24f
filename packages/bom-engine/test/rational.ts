/** Exact rational arithmetic on BigInt, for reference implementations in tests. */
export interface Rational {
  n: bigint;
  d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return x;
};

export function rat(n: bigint, d = 1n): Rational {
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

/** Parses a number's shortest decimal form exactly: 0.1 is 1/10, not the binary neighbour. */
export function fromNumber(x: number): Rational {
  const [mant, exp] = x.toExponential().split('e') as [string, string];
  const [int, frac = ''] = mant.split('.') as [string, string?];
  const digits = BigInt(int + frac);
  const scale = Number(exp) - frac.length;
  return scale >= 0 ? rat(digits * 10n ** BigInt(scale)) : rat(digits, 10n ** BigInt(-scale));
}

export const ZERO = rat(0n);
export const ONE = rat(1n);
export const add = (a: Rational, b: Rational) => rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational) => rat(a.n * b.n, a.d * b.d);

/** Rounds half-up to `places` decimals and returns the nearest double. */
export function toRounded(a: Rational, places = 6): number {
  const scale = 10n ** BigInt(places);
  const twice = 2n * a.n * scale;
  const q = (twice + a.d) / (2n * a.d);
  return Number(q) / Number(scale);
}
