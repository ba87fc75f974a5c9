// SHA-256 (FIPS 180-4), synchronous: a projection's view is computed synchronously (Java's Projection.view), and
// v2's stateHash is a SHA-256; crypto.subtle only digests asynchronously. About 0.5 KB of the bundle. The round
// constants are the fractional parts of the cube roots (and the start values of the square roots) of the first
// primes, computed rather than listed; the fold vectors' thousands of digests check them.
const utf8 = new TextEncoder();
let K: number[] | null = null;
let H0: number[] = [];

function constants(): number[] {
  const primes: number[] = [];
  for (let n = 2; primes.length < 64; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  const fraction = (x: number) => ((x - Math.floor(x)) * 2 ** 32) >>> 0;
  H0 = primes.slice(0, 8).map((p) => fraction(Math.sqrt(p)));
  return primes.map((p) => fraction(Math.cbrt(p)));
}

/** The lowercase hex SHA-256 of `text`'s UTF-8 bytes. */
export function sha256Hex(text: string): string {
  const k = (K ??= constants());
  const bytes = utf8.encode(text);
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const words = new Uint32Array(blocks * 16);
  for (let i = 0; i < bytes.length; i++) words[i >> 2]! |= bytes[i]! << (24 - (i & 3) * 8);
  words[bytes.length >> 2]! |= 0x80 << (24 - (bytes.length & 3) * 8);
  words[words.length - 2] = Math.floor(bytes.length / 2 ** 29);
  words[words.length - 1] = (bytes.length * 8) >>> 0;
  const h = [...H0];
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let b = 0; b < words.length; b += 16) {
    for (let t = 0; t < 64; t++) {
      if (t < 16) w[t] = words[b + t]!;
      else {
        const x = w[t - 15]!, y = w[t - 2]!;
        w[t] = (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) + (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10)) + w[t - 7]! + w[t - 16]!;
      }
    }
    let [a, bb, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
    for (let t = 0; t < 64; t++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[t]! + w[t]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
      hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
    }
    [a, bb, c, d, e, f, g, hh].forEach((v, i) => { h[i] = (h[i]! + v) | 0; });
  }
  return h.map((v) => (v >>> 0).toString(16).padStart(8, '0')).join('');
}
