/**
 * Seeded randomness for the dataset generator: a small fast PRNG (sfc32, seeded through splitmix32), weighted pickers
 * and UUIDv7-shaped ids whose timestamp is the record's own creation time, so the same seed gives the same ids.
 */

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Deterministic pseudo-random numbers (sfc32: 128-bit state, passes PractRand, far faster than crypto). */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    const mix = splitmix32(seed);
    this.#a = mix();
    this.#b = mix();
    this.#c = mix();
    this.#d = mix();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** An independent stream derived from this one (for parts that must not shift when others change). */
  fork(): Rng {
    return new Rng(this.uint32());
  }

  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Fisher-Yates, in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** A Pareto-distributed value >= 1 with tail index alpha (smaller alpha, heavier tail). */
  pareto(alpha: number): number {
    return (1 - this.next()) ** (-1 / alpha);
  }
}

/** Picks values with fixed relative weights in O(log n) (cumulative sums + binary search). */
export class Weighted<T> {
  readonly values: readonly T[];
  readonly #cumulative: Float64Array;
  readonly #total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new Error('Weighted needs at least one entry');
    this.values = entries.map((e) => e[0]);
    this.#cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, w], i) => {
      sum += w;
      this.#cumulative[i] = sum;
    });
    this.#total = sum;
  }

  /** Frequent first: the i-th value has weight 1 / (i + offset)^exponent (Zipf-like, as names and owners are). */
  static zipf<T>(values: readonly T[], exponent = 1, offset = 1): Weighted<T> {
    return new Weighted(values.map((v, i) => [v, 1 / (i + offset) ** exponent] as const));
  }

  pick(rng: Rng): T {
    const x = rng.next() * this.#total;
    const c = this.#cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }
}

/** Character codes of the hex digits, and a buffer an id is spelled into. */
const HEX_CODES = Array.from({ length: 16 }, (_, i) => i.toString(16).charCodeAt(0));
const DASH = 45;
const idCodes: number[] = new Array(36).fill(0);

/** Writes the `digits` low hex digits of `value` into idCodes at `at`; returns the next position. */
function hexInto(value: number, digits: number, at: number): number {
  for (let shift = (digits - 1) * 4; shift >= 0; shift -= 4) idCodes[at++] = HEX_CODES[(value >>> shift) & 15]!;
  return at;
}

/**
 * UUIDv7-shaped ids from a seeded stream: the 48-bit timestamp is the given instant (a record's created_at, so ids sort
 * in creation order like the app's own `newId()`), the 74 remaining bits come from the PRNG.
 */
export class SeededIds {
  readonly #rng: Rng;

  constructor(rng: Rng) {
    this.#rng = rng;
  }

  at(ms: number): string {
    // 48-bit timestamp split 8-4, `7` + 12 random bits, variant + 14 bits, 48 bits. Spelled into a buffer of character
    // codes and made a string in one call: a flat string, several times faster to build than by concatenation (and
    // to copy to another thread, which would otherwise flatten the concatenation first).
    const t = Math.floor(ms);
    const hi = Math.floor(t / 4294967296) & 0xffff;
    const lo = t >>> 0;
    const a = this.#rng.uint32();
    const b = this.#rng.uint32();
    const c = this.#rng.uint32();
    let k = hexInto(hi, 4, 0);
    k = hexInto(lo >>> 16, 4, k);
    idCodes[k++] = DASH;
    k = hexInto(lo & 0xffff, 4, k);
    idCodes[k++] = DASH;
    idCodes[k++] = HEX_CODES[7]!;
    k = hexInto(a >>> 20, 3, k);
    idCodes[k++] = DASH;
    idCodes[k++] = HEX_CODES[8 | ((a >>> 18) & 3)]!;
    k = hexInto((a >>> 6) & 0xfff, 3, k);
    idCodes[k++] = DASH;
    k = hexInto(b, 8, k);
    hexInto(c & 0xffff, 4, k);
    return String.fromCharCode.apply(null, idCodes);
  }
}
