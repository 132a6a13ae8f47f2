/**
 * The seed's generator on a thread of its own: builds the same generator as the main thread (same options, same
 * setup draws, the team ids the main thread stored) and posts the write batches of `seedBatches` while the main
 * thread writes the previous ones. At most `ahead` batches are posted and not yet acknowledged, so memory stays
 * bounded when the writer is the slower side.
 *
 * Messages to the main thread: `{ type: 'batch', batch }` for each batch, then `{ type: 'done', summary }`. From it:
 * `'ack'` once a batch is written.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareGenerator, type SeedBatch, type SeedSummary, seedBatches } from './batches.ts';
import type { GeneratorOptions } from './generate.ts';

export interface SeedWorkerData {
  options: GeneratorOptions;
  teamIds: [string, string][];
  ahead: number;
}

export type SeedWorkerMessage = { type: 'batch'; batch: SeedBatch } | { type: 'done'; summary: SeedSummary };

async function run(port: NonNullable<typeof parentPort>, data: SeedWorkerData): Promise<void> {
  const { gen } = prepareGenerator(data.options);
  gen.setTeamIds(new Map(data.teamIds));
  let unacknowledged = 0;
  let wake: (() => void) | undefined;
  port.on('message', (message: unknown) => {
    if (message !== 'ack') return;
    unacknowledged--;
    wake?.();
  });
  const batches = seedBatches(gen);
  for (;;) {
    const next = batches.next();
    if (next.done) {
      port.postMessage({ type: 'done', summary: next.value } satisfies SeedWorkerMessage);
      break;
    }
    port.postMessage({ type: 'batch', batch: next.value } satisfies SeedWorkerMessage);
    unacknowledged++;
    while (unacknowledged >= data.ahead)
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
  }
  port.removeAllListeners('message'); // nothing left to wait for: the thread ends once the messages are out
}

if (parentPort) await run(parentPort, workerData as SeedWorkerData);
