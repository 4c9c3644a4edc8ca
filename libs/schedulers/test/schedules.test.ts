import { describe, expect, it } from 'vitest';
import { DescentError, OptionError, isRequired } from '@descent/core-tensor';
import {
  ReduceLROnPlateau,
  SCHEDULES,
  Scheduler,
  createSchedule,
  createScheduler,
  lrCurve,
  momentumCurve,
  resolveScheduleOptions,
  scheduleNames,
  type ScheduleSpec,
} from '../src/index.js';
import { pytorchRun } from './pytorch-reference.js';

const rel = (a: number, b: number) => Math.abs(a - b) <= 1e-12 + 1e-10 * Math.abs(b);

function expectSeries(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, t) => expect(rel(a, expected[t]), `step ${t}: ${a} vs ${expected[t]}`).toBe(true));
}

const N = 200;
const cases: [string, ScheduleSpec, number][] = [
  ['constant', { scheduler: 'constant', options: { factor: 0.25, totalIters: 7 } }, 0.1],
  ['step', { scheduler: 'step', options: { stepSize: 7, gamma: 0.7 } }, 0.3],
  ['multistep (repeated milestone)', { scheduler: 'multistep', options: { milestones: [5, 20, 20, 71], gamma: 0.5 } }, 0.2],
  ['exponential', { scheduler: 'exponential', options: { gamma: 0.98 } }, 0.1],
  ['cosine (beyond tMax)', { scheduler: 'cosine', options: { tMax: 37, etaMin: 0.001 } }, 0.1],
  ['cosine etaMin 0', { scheduler: 'cosine', options: { tMax: 10, etaMin: 0 } }, 0.5],
  ['cosineWarmRestarts tMult 3', { scheduler: 'cosineWarmRestarts', options: { t0: 3, tMult: 3, etaMin: 0.01 } }, 0.2],
  ['cosineWarmRestarts tMult 1', { scheduler: 'cosineWarmRestarts', options: { t0: 9, tMult: 1, etaMin: 0 } }, 0.2],
  ['linear warm-up', { scheduler: 'linear', options: { startFactor: 0.05, endFactor: 1, totalIters: 40 } }, 0.1],
  ['linear decay', { scheduler: 'linear', options: { startFactor: 1, endFactor: 0.2, totalIters: 150 } }, 0.1],
  ['polynomial', { scheduler: 'polynomial', options: { totalIters: 120, power: 1.7 } }, 0.3],
  [
    'cyclic triangular + momentum',
    { scheduler: 'cyclic', options: { baseLr: 0.001, maxLr: 0.1, stepSizeUp: 7, stepSizeDown: 13, mode: 'triangular', cycleMomentum: true } },
    0.5,
  ],
  ['cyclic triangular2', { scheduler: 'cyclic', options: { baseLr: 0.001, maxLr: 0.1, stepSizeUp: 11, mode: 'triangular2', cycleMomentum: false } }, 0.5],
  ['cyclic exp_range', { scheduler: 'cyclic', options: { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 6, stepSizeDown: 4, mode: 'exp_range', gamma: 0.99 } }, 0.5],
  ['onecycle cos', { scheduler: 'onecycle', options: { maxLr: 0.2, totalSteps: N, pctStart: 0.27 } }, 0.5],
  ['onecycle linear three-phase', { scheduler: 'onecycle', options: { maxLr: 0.2, totalSteps: N, pctStart: 0.3, annealStrategy: 'linear', threePhase: true } }, 0.5],
  [
    'sequential warm-up, cosine, step',
    {
      scheduler: 'sequential',
      options: {
        schedulers: [
          { scheduler: 'linear', options: { startFactor: 0.1, endFactor: 1, totalIters: 10 } },
          { scheduler: 'cosine', options: { tMax: 50, etaMin: 0.001 } },
          { scheduler: 'step', options: { stepSize: 9, gamma: 0.5 } },
        ],
        milestones: [10, 90],
      },
    },
    0.1,
  ],
  [
    'sequential constant, polynomial, multistep',
    {
      scheduler: 'sequential',
      options: {
        schedulers: [
          { scheduler: 'constant', options: { factor: 0.5, totalIters: 4 } },
          { scheduler: 'polynomial', options: { totalIters: 30, power: 2 } },
          { scheduler: 'multistep', options: { milestones: [3, 40], gamma: 0.1 } },
        ],
        milestones: [6, 50],
      },
    },
    0.4,
  ],
];

describe('closed forms equal PyTorch-style step-by-step schedulers', () => {
  it.each(cases)('%s', (_label, spec, baseLr) => {
    const ref = pytorchRun(spec.scheduler, resolveScheduleOptions(spec.scheduler, spec.options as never) as never, baseLr, N);
    expectSeries(lrCurve(spec, baseLr, N), ref.lrs);
    const m = momentumCurve(spec, baseLr, N);
    if (ref.momentums.every(Number.isNaN)) expect(m).toBeUndefined();
    else expectSeries(m as number[], ref.momentums);
  });

  it('also through the Scheduler driver on a target', () => {
    for (const [, spec, baseLr] of cases) {
      const target = { lr: baseLr, momentum: 0.5 };
      const sched = createScheduler(target, spec.scheduler, spec.options as never);
      const seen: number[] = [];
      for (let t = 0; t < N; t++) {
        seen.push(target.lr);
        sched.step();
      }
      expectSeries(seen, lrCurve(spec, baseLr, N));
      expect(sched.lastEpoch).toBe(N);
    }
  });
});

describe('specific values', () => {
  it('the lr right after construction (lrs[0])', () => {
    expect(lrCurve({ scheduler: 'linear', options: { startFactor: 0.25, endFactor: 1, totalIters: 4 } }, 0.1, 1)).toEqual([0.025]);
    expect(lrCurve({ scheduler: 'constant', options: { factor: 0.5, totalIters: 4 } }, 0.1, 1)).toEqual([0.05]);
    expect(lrCurve({ scheduler: 'cyclic', options: { baseLr: 0.003, maxLr: 0.1 } }, 0.5, 1)).toEqual([0.003]);
    expect(lrCurve({ scheduler: 'onecycle', options: { maxLr: 0.5, totalSteps: 10, divFactor: 10 } }, 7, 1)[0]).toBeCloseTo(0.05, 16);
  });

  it('cosine is not clamped after tMax', () => {
    const c = lrCurve({ scheduler: 'cosine', options: { tMax: 4, etaMin: 0 } }, 1, 9);
    expect(c[4]).toBeCloseTo(0, 15);
    expect(c[8]).toBeCloseTo(1, 15);
    expect(c[6]).toBeCloseTo(0.5, 15);
  });

  it('one-cycle holds its final value at totalSteps and throws past it', () => {
    const spec: ScheduleSpec = { scheduler: 'onecycle', options: { maxLr: 0.01, totalSteps: 25, pctStart: 0.25, annealStrategy: 'linear', threePhase: true } };
    const c = lrCurve(spec, 1, 26);
    expect(c[25]).toBe(c[24]);
    expect(c[24]).toBeGreaterThan(0);
    expect(() => lrCurve(spec, 1, 27)).toThrow(/onecycle: totalSteps is 25, but the schedule was stepped 26 times/);
  });

  it('cyclic momentum is inverse to the lr', () => {
    const spec: ScheduleSpec = { scheduler: 'cyclic', options: { baseLr: 0.1, maxLr: 1, stepSizeUp: 2, stepSizeDown: 2 } };
    expect(lrCurve(spec, 0, 5)).toEqual([0.1, 0.55, 1, 0.55, 0.1]);
    const m = momentumCurve(spec, 0, 5) as number[];
    [0.9, 0.85, 0.8, 0.85, 0.9].forEach((v, i) => expect(m[i]).toBeCloseTo(v, 15));
  });

  it('lambda multiplies the base lr', () => {
    const s = createSchedule('lambda', { lrLambda: (e: number) => 1 / (1 + e) }, 0.5);
    expect([s(0), s(1), s(4)]).toEqual([0.5, 0.25, 0.1]);
  });
});

describe('Scheduler driver', () => {
  it('sets lr and momentum at construction and each step; rejects momentum cycling without momentum', () => {
    const target: { lr: number; momentum?: number } = { lr: 0.5, momentum: 0 };
    const s = createScheduler(target, 'onecycle', { maxLr: 1, totalSteps: 10 });
    expect(target.lr).toBeCloseTo(0.04, 15);
    expect(target.momentum).toBe(0.95);
    s.step();
    expect(target.momentum).toBeLessThan(0.95);
    expect(() => createScheduler({ lr: 0.1 }, 'cyclic', { baseLr: 0.01, maxLr: 0.1 })).toThrow(/cycleMomentum needs an optimizer with momentum/);
    expect(() => createScheduler({ lr: 0.1 }, 'cyclic', { baseLr: 0.01, maxLr: 0.1, cycleMomentum: false })).not.toThrow();
  });

  it('stateDict round trip resumes at the same step', () => {
    const a = { lr: 0.1 };
    const s = new Scheduler(a, createSchedule('step', { stepSize: 2, gamma: 0.5 }, 0.1));
    for (let i = 0; i < 5; i++) s.step();
    const b = { lr: 0.1 };
    const r = new Scheduler(b, createSchedule('step', { stepSize: 2, gamma: 0.5 }, 0.1));
    r.loadStateDict(JSON.parse(JSON.stringify(s.stateDict())));
    expect(b.lr).toBe(a.lr);
    expect(() => r.loadStateDict({ lastEpoch: -1 })).toThrow(/lastEpoch must be a non-negative integer/);
  });
});

describe('parameter groups', () => {
  // A bound optimizer (new SGD([{ params }, { params, lr }])) exposes `groups`, each with its own lr.
  it('one schedule per group, each from its own lr; state round-trips per group', () => {
    const opt = { groups: [{ lr: 0.1 }, { lr: 1 }] };
    const sched = createScheduler(opt, 'step', { stepSize: 1, gamma: 0.5 });
    sched.step();
    expect(opt.groups.map((g) => g.lr)).toEqual([0.05, 0.5]);
    sched.step();
    expect(opt.groups.map((g) => g.lr)).toEqual([0.025, 0.25]);
    const copy = { groups: [{ lr: 0.1 }, { lr: 1 }] };
    const resumed = createScheduler(copy, 'step', { stepSize: 1, gamma: 0.5 });
    resumed.loadStateDict(JSON.parse(JSON.stringify(sched.stateDict())));
    expect(copy.groups.map((g) => g.lr)).toEqual([0.025, 0.25]);
    expect(() => createScheduler({ groups: [{ lr: 0.1 }] }, 'step', { stepSize: 1 }).loadStateDict(sched.stateDict())).toThrow(/has 2 groups, the optimizer has 1/);
  });
});

describe('ReduceLROnPlateau', () => {
  const run = (options: object, metrics: number[], lr = 1) => {
    const target = { lr };
    const p = new ReduceLROnPlateau(target, options);
    return metrics.map((m) => {
      p.step(m);
      return target.lr;
    });
  };

  it('reduces only after MORE than patience bad steps', () => {
    // first metric sets best; then 2 bad steps = patience: no change; the 3rd bad step reduces.
    expect(run({ patience: 2, factor: 0.5 }, [1, 1, 1, 1, 1])).toEqual([1, 1, 1, 0.5, 0.5]);
    expect(run({ patience: 0, factor: 0.5 }, [1, 2, 3])).toEqual([1, 0.5, 0.25]);
  });

  it('threshold modes: rel and abs, min and max', () => {
    // rel min: 0.995 is not < 1 * (1 - 0.01) -> bad
    expect(run({ patience: 0, factor: 0.5, threshold: 0.01 }, [1, 0.995])).toEqual([1, 0.5]);
    expect(run({ patience: 0, factor: 0.5, threshold: 0.01 }, [1, 0.98])).toEqual([1, 1]);
    expect(run({ patience: 0, factor: 0.5, threshold: 0.1, thresholdMode: 'abs' }, [1, 0.95, 0.8])).toEqual([1, 0.5, 0.5]);
    expect(run({ patience: 0, factor: 0.5, mode: 'max', threshold: 0.1, thresholdMode: 'abs' }, [1, 1.05, 1.2])).toEqual([1, 0.5, 0.5]);
    expect(run({ patience: 0, factor: 0.5, mode: 'max', threshold: 0.1 }, [1, 1.05, 1.2])).toEqual([1, 0.5, 0.5]);
  });

  it('cooldown ignores bad steps after a reduction', () => {
    // patience 0, cooldown 2: reduce at step 2, then two cooldown steps, then reduce again on the next bad step
    expect(run({ patience: 0, factor: 0.5, cooldown: 2 }, [1, 2, 2, 2, 2, 2])).toEqual([1, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });

  it('minLr floors the lr and eps skips tiny reductions (cooldown still restarts)', () => {
    expect(run({ patience: 0, factor: 0.1, minLr: 0.05 }, [1, 2, 2, 2])).toEqual([1, 0.1, 0.05, 0.05]);
    // 1e-3 * 0.5 = 5e-4 reduction; eps 1e-3 skips it
    expect(run({ patience: 0, factor: 0.5, eps: 1e-3 }, [1, 2, 2], 1e-3)).toEqual([1e-3, 1e-3, 1e-3]);
    expect(run({ patience: 0, factor: 0.5, eps: 1e-3 }, [1, 2, 2], 4e-3)).toEqual([4e-3, 2e-3, 2e-3]);
  });

  it('state dict round trip with the infinite initial best', () => {
    const p = new ReduceLROnPlateau({ lr: 1 }, { patience: 1 });
    const fresh = JSON.parse(JSON.stringify(p.stateDict()));
    expect(fresh.best).toBeNull();
    p.step(3);
    p.step(4);
    const q = new ReduceLROnPlateau({ lr: 1 }, { patience: 1 });
    q.loadStateDict(JSON.parse(JSON.stringify(p.stateDict())));
    expect([q.best, q.numBadEpochs, q.lastEpoch]).toEqual([3, 1, 2]);
    q.loadStateDict(fresh);
    expect(q.best).toBe(Infinity);
  });

  it('lrCurve of plateau is flat (no metrics to preview)', () => {
    expect(lrCurve({ scheduler: 'plateau', options: {} }, 0.3, 3)).toEqual([0.3, 0.3, 0.3]);
  });
});

describe('validation', () => {
  it.each([
    ['step', {}, 'stepSize', null, /^is required$/],
    ['step', { stepSize: 0 }, 'stepSize', null, /^must be at least 1, got 0$/],
    ['step', { stepSize: 2.5 }, 'stepSize', null, /must be an integer, got 2.5/],
    ['step', { stepSize: 2, gamma: NaN }, 'gamma', null, /must be a finite number, got NaN/],
    ['step', { stepSize: 2, gama: 0.1 }, 'gama', null, /is not an option of step; valid options: stepSize, gamma/],
    ['multistep', { milestones: [3, -1] }, 'milestones', 1, /must be at least 0, got -1/],
    ['multistep', { milestones: [5, 3] }, 'milestones', 1, /must not decrease/],
    ['cosine', { tMax: 0 }, 'tMax', null, /must be above 0, got 0/],
    ['cosineWarmRestarts', { t0: 3, tMult: 0 }, 'tMult', null, /must be at least 1, got 0/],
    ['linear', { startFactor: 0 }, 'startFactor', null, /must be above 0, got 0/],
    ['constant', { factor: 1.5 }, 'factor', null, /must be at most 1, got 1.5/],
    ['cyclic', { baseLr: 0.1, maxLr: 1, mode: 'sine' }, 'mode', null, /must be one of 'triangular', 'triangular2', 'exp_range', got "sine"/],
    ['cyclic', { maxLr: 1 }, 'baseLr', null, /is required/],
    ['cyclic', { baseLr: 0.1, maxLr: 0.01 }, 'maxLr', null, /must be at least baseLr \(0.1\), got 0.01/],
    ['onecycle', { maxLr: 1, totalSteps: 10, pctStart: 1.2 }, 'pctStart', null, /got 1.2/],
    ['onecycle', { maxLr: 1, totalSteps: 10, annealStrategy: 'cosine' }, 'annealStrategy', null, /must be one of 'cos', 'linear'/],
    ['sequential', { schedulers: [{ scheduler: 'exponential', options: { gamma: 0.9 } }], milestones: [3] }, 'milestones', null, /must list 0 milestones for 1 schedulers, got 1/],
    ['sequential', { schedulers: [{ scheduler: 'plateau', options: {} }, { scheduler: 'exponential', options: { gamma: 0.9 } }], milestones: [3] }, 'schedulers', 0, /plateau cannot be part/],
    ['plateau', { factor: 1 }, 'factor', null, /must be below 1, got 1/],
    ['plateau', { thresholdMode: 'relative' }, 'thresholdMode', null, /must be one of 'rel', 'abs'/],
    ['plateau', { patience: -1 }, 'patience', null, /must be at least 0/],
  ])('%s %j: an OptionError for that option', (name, options, option, element, reason) => {
    let e: DescentError | null = null;
    try {
      resolveScheduleOptions(name as never, options as never);
    } catch (err) {
      e = err as DescentError;
    }
    expect(e).toBeInstanceOf(OptionError);
    expect({ owner: e!.owner, option: e!.option, element: e!.element }).toEqual({ owner: name, option, element });
    expect(e!.reason).toMatch(reason);
  });

  it('a sub-schedule of sequential reports its own option', () => {
    expect(() => resolveScheduleOptions('sequential', { schedulers: [{ scheduler: 'exponential', options: { gamma: 2, x: 1 } as never }], milestones: [] })).toThrow(/exponential: x is not an option/);
  });

  it('createSchedule rejects unknown names, plateau and bad base lrs', () => {
    expect(() => createSchedule('warmup' as never, {} as never, 0.1)).toThrow(/must be one of constant.*got "warmup"/);
    expect(() => createSchedule('plateau', {}, 0.1)).toThrow(/use createScheduler/);
    expect(() => createSchedule('exponential', { gamma: 0.9 }, NaN)).toThrow(/baseLr must be a finite number/);
    expect(() => lrCurve({ scheduler: 'exponential', options: { gamma: 0.9 } }, 0.1, -1)).toThrow(/n must be an integer from 0 to 10000000, got -1/);
    expect(() => lrCurve({ scheduler: 'step', options: { stepSize: 3, gamma: 0.5 } }, 0.1, 1e9)).toThrow(/n must be an integer from 0 to 10000000, got 1000000000/);
  });

  it('metadata: every schedule listed; defaults (or suggestions) validate', () => {
    expect(SCHEDULES.map((s) => s.name)).toEqual(scheduleNames);
    for (const info of SCHEDULES) {
      if (info.name === 'lambda') continue;
      const opts: Record<string, unknown> = {};
      for (const m of info.options) opts[m.name] = isRequired(m) ? m.suggested : m.default;
      expect(() => resolveScheduleOptions(info.name, opts as never), info.name).not.toThrow();
      if (info.previewable) expect(lrCurve({ scheduler: info.name, options: opts }, 0.1, 5).every(Number.isFinite)).toBe(true);
    }
  });
});

describe('lrCurve and momentumCurve refusals (found by the fuzz suite)', () => {
  it("plateau's flat curve checks baseLr as every other schedule does; a spec that is not an object is refused", async () => {
    const { lrCurve: curve, momentumCurve } = await import('../src/index.js');
    expect(() => curve({ scheduler: 'plateau', options: {} }, '0.1' as never, 3)).toThrow(/^plateau: baseLr must be a finite number at least 0, got "0\.1"$/);
    expect(() => curve({ scheduler: 'plateau', options: {} }, NaN, 3)).toThrow(/baseLr/);
    expect(curve({ scheduler: 'plateau', options: {} }, 0.1, 3)).toEqual([0.1, 0.1, 0.1]);
    expect(() => curve(null as never, 0.1, 3)).toThrow(/^lrCurve: spec must be \{ scheduler, options \}, got null$/);
    expect(() => momentumCurve(null as never, 0.1, 3)).toThrow(/^momentumCurve: spec must be/);
  });
});

describe('onecycle phases (found by the fuzz suite)', () => {
  it('a warm-up of length 0 (pctStart × totalSteps = 1) starts at maxLr instead of 0/0 = NaN', async () => {
    const { lrCurve: curve } = await import('../src/index.js');
    for (const threePhase of [false, true]) {
      const c = curve({ scheduler: 'onecycle', options: { maxLr: 0.1, totalSteps: 100, pctStart: 0.01, threePhase } }, 0.1, 100);
      expect(c.every(Number.isFinite), `threePhase ${threePhase}`).toBe(true);
      expect(c[0]).toBeCloseTo(0.1, 12); // the end of the warm-up: maxLr
    }
  });
});
