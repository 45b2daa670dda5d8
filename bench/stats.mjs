// Summary statistics and the machine description shared by the benchmark's parts.
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Nearest-rank percentile of a list of numbers (p in 0..100). */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** { n, median, p95, max, min } of a list of latencies in ms, rounded to 0.1 ms. */
export function summarize(values) {
  const r = (v) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    n: values.length,
    median: r(median(values)),
    p95: r(percentile(values, 95)),
    max: r(values.length ? Math.max(...values) : null),
    min: r(values.length ? Math.min(...values) : null),
  };
}

export function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // not Linux
  }
  return {
    cpu: cpu.trim(),
    cores: os.availableParallelism?.() ?? os.cpus().length,
    ramGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}
