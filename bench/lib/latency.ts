/** The shared shape of a latency scenario: an HTTP call against the raw query it runs, sampled in rounds. */

import type { BenchContext, ScenarioResult } from './scenario.ts';
import { sample, stats } from './stats.ts';

export interface LatencySpec {
  name: string;
  /** The call through the full stack (HTTP, auth, validation, service, repository, serialisation). */
  http(ctx: BenchContext, i: number): Promise<unknown>;
  /** The SQL the endpoint runs to produce its answer, straight through the driver. */
  raw(ctx: BenchContext, i: number): Promise<unknown>;
  /** Targets on the HTTP figures (ms). */
  targets: { label: string; metric: 'median' | 'p95' | 'p99'; max: number }[];
  /** Maximum acceptable ratio of HTTP p95 to raw p95. */
  maxRatio?: number;
  note?: string;
}

export async function runLatency(ctx: BenchContext, spec: LatencySpec): Promise<ScenarioResult> {
  const rounds = ctx.quick ? 3 : 8;
  const perRound = ctx.quick ? 60 : 150;
  const httpSamples: number[] = [];
  const rawSamples: number[] = [];
  const floorSamples: number[] = [];
  // Warm cache: every sample the rounds will use is read once, untimed, through both paths first. The figures are then
  // those of a server whose working set is in memory, as in steady use; a first read of a cold page from disk is the
  // disk's latency, not Rapport's (the rounds below would otherwise time each sample's first read in their first pass).
  const span = rounds * (perRound + 30);
  for (let i = 0; i < span; i++) {
    await spec.raw(ctx, i);
    await spec.http(ctx, i);
  }
  let offset = 0;
  for (let r = 0; r < rounds; r++) {
    rawSamples.push(...(await sample(perRound, r === 0 ? 30 : 5, (i) => spec.raw(ctx, offset + i))));
    httpSamples.push(...(await sample(perRound, r === 0 ? 30 : 5, (i) => spec.http(ctx, offset + i))));
    // The HTTP floor: a bare route on the same server, so a reader can tell transport from work.
    floorSamples.push(...(await sample(Math.ceil(perRound / 3), 5, () => ctx.http('GET', '/bench/hello'))));
    offset += perRound + 30;
  }
  const h = stats(httpSamples);
  const w = stats(rawSamples);
  const floor = stats(floorSamples);
  const ratio = h.p95 / w.p95;
  const targets = spec.targets.map((t) => ({ label: `${t.metric} ≤ ${t.max} ms`, pass: h[t.metric] <= t.max }));
  if (spec.maxRatio) {
    const unreachable = spec.maxRatio * w.p95 < floor.p95;
    targets.push({
      label: `p95 ≤ ${spec.maxRatio}× raw${unreachable ? ' (below the bare-route floor)' : ''}`,
      pass: ratio <= spec.maxRatio,
    });
  }
  return {
    name: spec.name,
    unit: 'ms',
    figures: { median: h.median, p95: h.p95, p99: h.p99, n: h.n },
    ceiling: { median: w.median, p95: w.p95, p99: w.p99, 'bare-route p95': floor.p95 },
    ratio,
    ratioLabel: 'HTTP p95 / raw p95',
    targets,
    note: spec.note,
  };
}
