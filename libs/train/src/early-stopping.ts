import type { Var } from '@descent/autodiff';
import type { EarlyStoppingSpec, MetricName } from './options.js';

// Early stopping: track the best epoch of one metric, stop after `patience` epochs without improvement, and
// optionally put back the best epoch's parameters.

export class EarlyStopping {
  private best: { epoch: number; value: number; snapshot: (Float32Array | Float64Array)[] | null } | null = null;
  private wait = 0;
  restored = false;

  constructor(
    private readonly spec: Required<EarlyStoppingSpec>,
    private readonly params: readonly Var[],
  ) {}

  /** After an epoch: true when patience has run out. */
  update(epoch: number, values: Record<MetricName, number | null>): boolean {
    const es = this.spec;
    const v = values[es.metric];
    const better =
      v !== null &&
      Number.isFinite(v) &&
      (this.best === null || this.best.epoch === 0 || (es.mode === 'min' ? v < this.best.value - es.minDelta : v > this.best.value + es.minDelta));
    if (better) {
      const snapshot = es.restoreBest ? this.params.map((p) => p.value.data.slice()) : null;
      this.best = { epoch, value: v as number, snapshot };
      this.wait = 0;
      return false;
    }
    if (this.best === null) this.best = { epoch: 0, value: es.mode === 'min' ? Infinity : -Infinity, snapshot: null };
    this.wait++;
    return this.wait >= es.patience;
  }

  /** When the run stops early: restore the best epoch's parameters if asked. */
  restore(): void {
    if (!this.spec.restoreBest || !this.best?.snapshot) return;
    this.best.snapshot.forEach((data, i) => this.params[i].value.data.set(data));
    this.restored = true;
  }

  /** 1-based best epoch, 0 before any finite value. */
  get bestEpoch(): number {
    return this.best && this.best.epoch > 0 ? this.best.epoch : 0;
  }

  get bestValue(): number | null {
    return this.best && Number.isFinite(this.best.value) ? this.best.value : null;
  }
}
