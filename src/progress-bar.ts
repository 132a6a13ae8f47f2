/**
 * Progress bars for long CLI commands (seed, search rebuild, export), drawn with `cli-progress` only when stdout is a
 * terminal: piped or logged output stays clean (the commands print their summary line either way).
 */
import { Presets, SingleBar } from 'cli-progress';

export interface ProgressBar {
  /** Moves the bar; a new `phase` (or total) restarts it for that phase. */
  update(done: number, total: number, phase?: string): void;
  stop(): void;
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stdout): ProgressBar {
  if (!stream.isTTY) return { update() {}, stop() {} };
  const bar = new SingleBar(
    {
      stream,
      format: `{phase} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
      fps: 5,
    },
    Presets.shades_classic,
  );
  let started = false;
  let current = '';
  return {
    update(done, total, phase = label) {
      const name = phase.padEnd(14);
      if (!started) {
        bar.start(Math.max(total, 1), done, { phase: name });
        started = true;
      } else if (name !== current) {
        bar.setTotal(Math.max(total, 1));
        bar.update(done, { phase: name });
      } else {
        if (total !== bar.getTotal()) bar.setTotal(Math.max(total, 1));
        bar.update(done);
      }
      current = name;
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
