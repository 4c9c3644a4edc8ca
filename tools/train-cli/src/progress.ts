import cliProgress from 'cli-progress';
import type { EpochEvent } from '@descent/train';

// Live progress for the terminal: a cli-progress bar with the current loss on a TTY, plain lines
// (about ten over the run, plus the last epoch) when stdout is not a terminal or CI=true, so logs stay readable.

export type EpochProgress = Pick<EpochEvent, 'epoch' | 'epochs' | 'trainLoss' | 'testLoss' | 'trainAccuracy' | 'testAccuracy' | 'lr'>;

export interface Progress {
  update(p: EpochProgress): void;
  /** Training starts (shows an empty bar at once, before the first epoch ends). */
  begin?(epochs: number): void;
  /** A batch finished (epoch 1-based, batch loss): lets the bar show the running loss inside long epochs. */
  batch?(epoch: number, loss: number): void;
  stop(): void;
}

const fmt = (v: number | null, digits = 4): string => (v === null ? '-' : Number.isFinite(v) ? v.toPrecision(digits) : String(v));
const pct = (v: number | null): string => (v === null ? '-' : `${(100 * v).toFixed(1)}%`);

export function formatEpochLine(p: EpochProgress): string {
  const parts = [`epoch ${p.epoch}/${p.epochs}`, `loss ${fmt(p.trainLoss)}`];
  if (p.testLoss !== null) parts.push(`test loss ${fmt(p.testLoss)}`);
  if (p.trainAccuracy !== null) parts.push(`acc ${pct(p.trainAccuracy)}`);
  if (p.testAccuracy !== null) parts.push(`test acc ${pct(p.testAccuracy)}`);
  parts.push(`lr ${fmt(p.lr, 3)}`);
  return parts.join('  ');
}

export function isInteractive(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  return stream.isTTY === true && !ci;
}

class BarProgress implements Progress {
  private readonly bar: cliProgress.SingleBar;
  private started = false;
  private epochLoss = { epoch: 0, sum: 0, n: 0 };
  private lastDraw = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.bar = new cliProgress.SingleBar(
      {
        format: 'epoch {value}/{total} |{bar}| loss {loss}  acc {acc}  test acc {testAcc}  lr {lr}  eta {eta_formatted}',
        stream,
        hideCursor: true,
        clearOnComplete: false,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  update(p: EpochProgress): void {
    const payload = { loss: fmt(p.trainLoss), acc: pct(p.trainAccuracy), testAcc: pct(p.testAccuracy), lr: fmt(p.lr, 3) };
    if (!this.started) {
      this.bar.start(p.epochs, p.epoch, payload);
      this.started = true;
    } else this.bar.update(p.epoch, payload);
  }

  begin(epochs: number): void {
    if (this.started) return;
    this.bar.start(epochs, 0, { loss: '-', acc: '-', testAcc: '-', lr: '-' });
    this.started = true;
  }

  batch(epoch: number, loss: number): void {
    const e = this.epochLoss;
    if (e.epoch !== epoch) Object.assign(e, { epoch, sum: 0, n: 0 });
    e.sum += loss;
    e.n++;
    const now = Date.now();
    if (!this.started || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.bar.update({ loss: `${fmt(e.sum / e.n)}…` }); // running mean of the epoch so far
  }

  stop(): void {
    if (this.started) this.bar.stop();
  }
}

class LineProgress implements Progress {
  constructor(private readonly write: (line: string) => void) {}

  update(p: EpochProgress): void {
    const every = Math.max(1, Math.floor(p.epochs / 10));
    if (p.epoch === 1 || p.epoch % every === 0 || p.epoch === p.epochs) this.write(formatEpochLine(p));
  }

  stop(): void {}
}

/** A bar on an interactive terminal, plain lines otherwise; `quiet` prints nothing. */
export function createProgress(options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = options.stream ?? process.stdout;
  if (options.quiet) return { update() {}, stop() {} };
  if (isInteractive(stream)) return new BarProgress(stream);
  return new LineProgress((line) => stream.write(`${line}\n`));
}
