/**
 * What a benchmark scenario is. Adding one: write `bench/scenarios/<name>.ts` exporting a Scenario, and list it in
 * `bench/scenarios/index.ts`. A latency scenario gives the HTTP call and the raw query it runs; the harness samples
 * both in interleaved rounds and reports median/p95/p99 and the ratio. A custom scenario measures itself.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/server/db/schema.ts';
import type { Reply, Session } from './http.ts';

export interface Samples {
  personIds: string[];
  companyIds: string[];
  phones: string[];
  emails: string[];
  namePrefixes: string[];
  /** People with many timeline entries (for timeline pages). */
  busyPersonIds: string[];
}

export interface BenchContext {
  base: string;
  admin: Session;
  /** A direct connection to the same database, for the raw-query ceilings. */
  raw: Kysely<DB>;
  dialect: 'sqlite' | 'postgres';
  quick: boolean;
  samples: Samples;
  serverPid: number;
  http(method: string, path: string, body?: unknown, session?: Session): Promise<Reply>;
  log(message: string): void;
}

export interface Target {
  /** e.g. 'p95 ≤ 30 ms' — shown in the report. */
  label: string;
  pass(result: ScenarioResult): boolean;
}

export interface ScenarioResult {
  name: string;
  unit: 'ms' | 'req/s';
  /** Figures shown in the table (median, p95, p99, req/s, errors, peak RSS…). */
  figures: Record<string, number>;
  /** The ceiling's figures measured in the same run. */
  ceiling?: Record<string, number>;
  ratio?: number;
  ratioLabel?: string;
  targets: { label: string; pass: boolean }[];
  note?: string;
}

export interface Scenario {
  name: string;
  description: string;
  /** Skip unless the server has this route (scenarios of modules that may be switched off or not built yet). */
  requires?: string;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}
