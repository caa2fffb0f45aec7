/** Runs `fn` `runs` times in a row and prints p50, p95 and max in milliseconds. */
export async function measure(label: string, runs: number, fn: (i: number) => Promise<void>): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!.toFixed(1);
  console.log(`${label.padEnd(48)} n=${String(runs).padEnd(4)} p50 ${pct(50)} ms   p95 ${pct(95)} ms   max ${pct(100)} ms`);
}

/** p50, p95 and max of some samples in milliseconds, and a line printing them. */
export function percentiles(samples: number[]): { p50: number; line: string } {
  const sorted = [...samples].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return {
    p50: pct(50),
    line: `n=${String(sorted.length).padEnd(4)} p50 ${pct(50).toFixed(1)} ms   p95 ${pct(95).toFixed(1)} ms   max ${pct(100).toFixed(1)} ms`,
  };
}
