import { rssMiB } from '../lib/load.ts';
import type { BenchContext, Scenario } from '../lib/scenario.ts';

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

const MiB = 2 ** 20;

/**
 * Every person to CSV through the export job (`POST /exports`, the server's own job runner), as the admin: how fast
 * (rows/s) and whether memory stays flat however many rows. The server is sampled every 100 ms while the job runs
 * (heap and RSS from `/bench/memory`), so a memory figure that grows with the dataset shows here.
 * At 1M rows: `npm run bench -- --scale large --only export-people-csv` (or `--db sqlite|postgres`).
 */
export const exportPeopleCsv: Scenario = {
  name: 'export-people-csv',
  description: 'every person to CSV through the export job; rows/s and the server’s peak heap and RSS while it runs',
  requires: '/api/v1/exports',
  async run(ctx: BenchContext) {
    const memory = async () => JSON.parse((await ctx.http('GET', '/bench/memory')).body) as Memory;
    const before = await memory();
    const started = await ctx.http('POST', '/api/v1/exports', { kind: 'people', format: 'csv' });
    if (started.status !== 202) throw new Error(`POST /exports answered ${started.status}: ${started.body}`);
    const id = (JSON.parse(started.body) as { id: string }).id;
    let peakHeap = before.heapUsed;
    let peakRss = before.rss;
    let job: { status: string; progress: { done: number }; startedAt: string; finishedAt: string; resultUrl: string };
    for (;;) {
      const m = await memory();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss, rssMiB(ctx.serverPid) * MiB);
      job = JSON.parse((await ctx.http('GET', `/api/v1/jobs/${id}`)).body);
      if (!['queued', 'running'].includes(job.status)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (job.status !== 'succeeded') throw new Error(`export ${job.status}`);
    const seconds = (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000;
    const rows = job.progress.done;
    const file = await ctx.http('HEAD', job.resultUrl); // the size, without pulling the file into the bench
    const heapGrowth = (peakHeap - before.heapUsed) / MiB;
    const flat = 96;
    return {
      name: 'export-people-csv',
      unit: 'ms',
      figures: {
        n: rows,
        'rows/s': rows / Math.max(seconds, 0.001),
        seconds,
        'file MiB': Number(file.headers['content-length']) / MiB,
        'peak heap MiB': peakHeap / MiB,
        'heap growth MiB': heapGrowth,
        'peak RSS MiB': peakRss / MiB,
        'RSS growth MiB': (peakRss - before.rss) / MiB,
      },
      targets: [{ label: `heap growth ≤ ${flat} MiB at any size (constant memory)`, pass: heapGrowth <= flat }],
      note: `${rows.toLocaleString('en')} people exported by the job runner in ${seconds.toFixed(1)} s, 1,000 per keyset page; memory sampled every 100 ms (growth is over the idle server before the job)`,
    };
  },
};
