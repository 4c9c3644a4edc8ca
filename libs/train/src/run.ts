import type { Module } from '@descent/layers';
import { Emitter, type BatchEvent, type Listener, type RunStatus, type TrainingEvent, type TrainingEventType } from './events.js';
import type { ModelInput } from './model.js';
import { DescentError, OptionError, describeValue } from '@descent/core-tensor';
import type { FitOptions } from './options.js';
import { prepareRun, type RunSpec, type SpecContext } from './spec.js';
import type { RunRecord } from './record.js';
import { Trainer, type DataInput } from './trainer.js';
import { Yielder, nextMacrotask } from './yield.js';

export interface StartOptions extends FitOptions {
  /** Start paused: nothing runs until resume() or step(). Default false. */
  paused?: boolean;
  /** Give the event loop a turn at least this often, ms (default 12). Lower = more responsive, slower. */
  yieldEveryMs?: number;
}

/** A training run you can steer: pause, resume, stop, single steps, events, and the final record. */
export interface TrainingRun {
  /** 'idle' until the first batch, then running/paused, then the final status (or 'failed' on an error). */
  readonly status: RunStatus;
  /** The model being trained (its parameters change in place). */
  readonly model: Module;
  readonly trainer: Trainer;
  /** Resolves with the run record when the run ends (completed, stopped, diverged, early-stopped); rejects on an error. */
  readonly result: Promise<RunRecord>;
  pause(): void;
  resume(): void;
  /** End the run after the current batch; `result` resolves with status 'stopped'. */
  stop(): void;
  /** While paused: run exactly one batch, then stay paused. Resolves with that batch's event (null if the run is over). */
  step(): Promise<BatchEvent | null>;
  /** Subscribe to 'batch', 'epoch', 'status', 'end' or '*' events; returns the unsubscribe function. */
  on<T extends TrainingEventType>(type: T | '*', fn: Listener<T>): () => void;
  /** Every event from now on as an async iterator; it finishes after the 'end' event. */
  events(): AsyncIterableIterator<TrainingEvent>;
  /** The record so far (final once the run has ended). */
  record(): RunRecord;
}

class Run implements TrainingRun {
  readonly trainer: Trainer;
  readonly result: Promise<RunRecord>;
  private readonly emitter = new Emitter();
  private _status: RunStatus = 'idle';
  private paused: boolean;
  private stopRequested = false;
  private pendingSteps: { resolve: (e: BatchEvent | null) => void; reject: (e: unknown) => void }[] = [];
  private wake: (() => void) | null = null;
  private readonly yielder: Yielder;

  private failure: unknown = undefined;

  constructor(model: ModelInput, data: DataInput, options: StartOptions, private readonly spec?: RunSpec) {
    const { paused, yieldEveryMs, ...fitOptions } = (options ?? {}) as StartOptions;
    if (paused !== undefined && typeof paused !== 'boolean') throw new OptionError('startTraining', 'paused', `must be true or false, got ${describeValue(paused)}`, { value: paused });
    const every = yieldEveryMs ?? 12;
    if (typeof every !== 'number' || !(every >= 0) || !Number.isFinite(every)) throw new OptionError('startTraining', 'yieldEveryMs', `must be a finite number >= 0, got ${describeValue(every)}`, { value: every });
    this.trainer = new Trainer(model, data, fitOptions); // configuration errors throw here, synchronously
    this.trainer.addListener((e) => this.emitter.emit(e));
    this.paused = paused === true;
    this.yielder = new Yielder(every);
    this.result = this.loop();
    this.result.catch(() => {}); // the caller may never read result; the error is also on status and step()
  }

  get status(): RunStatus {
    return this._status;
  }

  get model(): Module {
    return this.trainer.model;
  }

  private setStatus(s: RunStatus): void {
    if (this._status === s) return;
    this._status = s;
    this.emitter.emit({ type: 'status', status: s });
  }

  private signal(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  pause(): void {
    if (this.trainer.done) return;
    this.paused = true;
  }

  resume(): void {
    if (this.trainer.done) return;
    this.paused = false;
    this.signal();
  }

  stop(): void {
    this.stopRequested = true;
    this.signal();
  }

  step(): Promise<BatchEvent | null> {
    if (this.trainer.done || this._status === 'failed') return Promise.resolve(null);
    if (!this.paused) return Promise.reject(new Error(`step(): the run is ${this._status}; pause() it first`));
    return new Promise((resolve, reject) => {
      this.pendingSteps.push({ resolve, reject });
      this.signal();
    });
  }

  on<T extends TrainingEventType>(type: T | '*', fn: Listener<T>): () => void {
    return this.emitter.on(type, fn);
  }

  events(): AsyncIterableIterator<TrainingEvent> {
    const queue: TrainingEvent[] = [];
    let notify: (() => void) | null = null;
    let ended = false;
    const off = this.emitter.on('*', (e) => {
      queue.push(e);
      if (e.type === 'end') ended = true;
      notify?.();
    });
    const it: AsyncIterableIterator<TrainingEvent> = {
      next: async () => {
        while (queue.length === 0) {
          if (ended || (this.trainer.done && this._status !== 'running' && this._status !== 'paused' && this._status !== 'idle')) {
            off();
            return { done: true, value: undefined };
          }
          await new Promise<void>((r) => (notify = r));
          notify = null;
        }
        return { done: false, value: queue.shift() as TrainingEvent };
      },
      return: async () => {
        off();
        ended = true;
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return it;
      },
    };
    return it;
  }

  record(): RunRecord {
    const r = this.trainer.record();
    if (this.spec) r.spec = JSON.parse(JSON.stringify(this.spec));
    if (this.failure === undefined) return r;
    const e = this.failure;
    const d = e instanceof DescentError ? e : null;
    return {
      ...r,
      status: 'failed',
      health: null,
      error: { name: e instanceof Error ? e.name : 'Error', owner: d?.owner ?? null, option: d?.option ?? null, message: e instanceof Error ? e.message : String(e) },
    };
  }

  private async loop(): Promise<RunRecord> {
    // Start on a later macrotask so listeners attached right after startTraining() see every event.
    await nextMacrotask();
    try {
      while (!this.trainer.done) {
        if (this.stopRequested) {
          this.trainer.stop();
          break;
        }
        if (this.paused && this.pendingSteps.length === 0) {
          this.setStatus('paused');
          await new Promise<void>((r) => (this.wake = r));
          continue;
        }
        const single = this.paused ? this.pendingSteps.shift() : undefined;
        if (!this.paused) this.setStatus('running');
        const event = this.trainer.step();
        single?.resolve(event);
        if (single) continue; // stay paused (the status is still 'paused')
        await this.yielder.maybeYield();
      }
    } catch (e) {
      this.failure = e;
      this.setStatus('failed');
      for (const p of this.pendingSteps.splice(0)) p.reject(e);
      throw e;
    }
    for (const p of this.pendingSteps.splice(0)) p.resolve(null);
    const record = this.record();
    this.setStatus(record.status as RunStatus);
    this.emitter.emit({ type: 'end', record });
    return record;
  }
}

/**
 * Start training in the background (cooperatively: batches run between turns of the event loop, so the
 * page or worker stays responsive). Bad configuration throws here, synchronously, with a message naming the option.
 */
export function startTraining(model: ModelInput, data: DataInput, options: StartOptions): TrainingRun {
  return new Run(model, data, options);
}

/**
 * Start a run from its JSON spec (data, model, training). The spec is validated first (throws the first
 * problem as an OptionError naming the field) and kept in the record, so the run can be opened again.
 */
export function startRun(spec: RunSpec, options: { paused?: boolean; yieldEveryMs?: number; onBatch?: FitOptions['onBatch']; onEpoch?: FitOptions['onEpoch'] } & SpecContext = {}): TrainingRun {
  const { paused, yieldEveryMs, onBatch, onEpoch, ...ctx } = options;
  const p = prepareRun(spec, ctx);
  return new Run(p.model, p.data, { ...p.options, paused, yieldEveryMs, onBatch, onEpoch }, spec);
}

/** Run a spec to the end synchronously (scripts, tests). */
export function fitRunSync(spec: RunSpec, ctx: SpecContext = {}): RunRecord {
  const p = prepareRun(spec, ctx);
  const r = new Trainer(p.model, p.data, p.options).runToEnd();
  r.spec = JSON.parse(JSON.stringify(spec));
  return r;
}

/** Train to the end and resolve with the run record. */
export function fit(model: ModelInput, data: DataInput, options: StartOptions): Promise<RunRecord> {
  return startTraining(model, data, options).result;
}

/** Train to the end synchronously (blocks the thread; for scripts, tests and the parity runner). */
export function fitSync(model: ModelInput, data: DataInput, options: FitOptions): RunRecord {
  return new Trainer(model, data, options).runToEnd();
}
