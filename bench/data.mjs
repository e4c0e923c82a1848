// Seeded benchmark data, identical for every contender: N categories, two
// series (planned, spent) in million VND. Runs in the browser and in Node.

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG. Returns floats in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** First label year; category i is labelled `Miền Trung ${LABEL_YEAR0 + i}`. */
export const LABEL_YEAR0 = 2000;

/**
 * `n` categories from `seed`: `{ n, seed, labels, planned, spent }`. Planned is
 * 2 000–60 000 million VND, spent 55–105 % of it, both rounded to 0.1.
 */
export function generate(n, seed) {
  const rand = prng(seed * 0x9e3779b1 + n);
  const labels = new Array(n);
  const planned = new Array(n);
  const spent = new Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = `Miền Trung ${LABEL_YEAR0 + i}`;
    const p = 2000 + rand() * 58000;
    planned[i] = Math.round(p * 10) / 10;
    spent[i] = Math.round(p * (0.55 + rand() * 0.5) * 10) / 10;
  }
  return { n, seed, labels, planned, spent };
}

/** Display names shared by every contender. */
export const SERIES = { planned: "Planned", spent: "Spent" };
export const UNIT = "million VND";
export const COLORS = { planned: "#1f5fa8", spent: "#e07b1a" };
