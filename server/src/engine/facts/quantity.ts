/**
 * Kubernetes resource quantities, read as numbers so rules can compare memory, CPU and shared-memory sizes.
 */

/** Parses a Kubernetes quantity (`500m`, `8`, `64Mi`, `32Gi`, `2G`, `1e3`) into a number of units/bytes; undefined when invalid. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([KMGTPE]i)|([numkMGTPE])|([eE][+-]?\d+))?$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  const decimal: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
  if (m[2]) return n * binary[m[2]];
  if (m[3]) return n * decimal[m[3]];
  if (m[4]) return n * Number(`1${m[4]}`);
  return n;
}
