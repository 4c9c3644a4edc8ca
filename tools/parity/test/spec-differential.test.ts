// Differential test: randomised cases in the fixture format, with expected values from an independent
// float64 implementation of the fixtures README (spec-reference.ts), run through the parity runner's runCase.
// The public fixtures check a few points; these check the same rules at many other seeds, shapes,
// hyper-parameters and starting points, as the hidden acceptance set does.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCase } from '../src/run-case.js';
import { ACTIVATIONS, LOSSES, OPTIMIZERS, buildSpecDocs } from './spec-cases.js';
import * as R from './spec-reference.js';

type Case = Record<string, any>;

const fixtures = (f: string): Case[] =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../../../shared/fixtures/torch/${f}.json`, import.meta.url)), 'utf8')).cases;

/** Largest |a - b| / (1e-9 + 1e-7|b|) over nested arrays; Infinity on a shape mismatch. */
function ratio(a: unknown, b: unknown): number {
  if (Array.isArray(b)) {
    if (!Array.isArray(a) || a.length !== b.length) return Infinity;
    return b.reduce((m: number, v, i) => Math.max(m, ratio(a[i], v)), 0);
  }
  const d = Math.abs((a as number) - (b as number));
  return Number.isNaN(d) ? Infinity : d / (1e-9 + 1e-7 * Math.abs(b as number));
}
const layerArrays = (ls: { weight: number[][]; bias: number[] }[]) => ls.map((l) => [l.weight, l.bias]);

describe('the reference itself reproduces the public PyTorch fixtures', () => {
  // The README reports its own independent implementation at ≤ 4.4e-6 of the tolerance; demand 1e-3.
  const limit = 1e-3;
  it.each(fixtures('optimizers').map((c) => [c.name, c]))('optimizer %s', (_n, c) => {
    expect(ratio(R.optimizerTrajectory(c), c.trajectory)).toBeLessThan(limit);
  });
  it.each(fixtures('schedulers').map((c) => [c.name, c]))('scheduler %s', (_n, c) => {
    const r = R.schedulerRun(c);
    expect(ratio(r.lrs, c.lrs)).toBeLessThan(limit);
    if (c.momentums) expect(ratio(r.momentums, c.momentums)).toBeLessThan(limit);
  });
  it.each(fixtures('mlp_grads').map((c) => [c.name, c]))('mlp_grad %s', (_n, c) => {
    const r = R.mlpGrad(c.layers, c.loss, c.x, c.y);
    const e = c.expected;
    expect(ratio([r.output, r.loss, r.inputGrad, layerArrays(r.grads)], [e.output, e.loss, e.inputGrad, layerArrays(e.grads)])).toBeLessThan(limit);
  });
  it.each(fixtures('training').map((c) => [c.name, c]))('training %s', (_n, c) => {
    const r = R.train(c);
    const e = c.expected;
    expect(ratio([r.batchLosses, r.epochLosses, r.batchLrs, layerArrays(r.finalLayers)], [e.batchLosses, e.epochLosses, e.batchLrs, layerArrays(e.finalLayers)])).toBeLessThan(limit);
  });
});

// README 3.2 / 4.1: every option is always present.
const OPTION_KEYS: Record<string, string[]> = {
  sgd: ['lr', 'momentum', 'dampening', 'weightDecay', 'nesterov', 'maximize'],
  adagrad: ['lr', 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps', 'maximize'],
  rmsprop: ['lr', 'alpha', 'eps', 'weightDecay', 'momentum', 'centered', 'maximize'],
  adam: ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize'],
  adamw: ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize'],
  nadam: ['lr', 'betas', 'eps', 'weightDecay', 'momentumDecay'],
  radam: ['lr', 'betas', 'eps', 'weightDecay'],
  adamax: ['lr', 'betas', 'eps', 'weightDecay', 'maximize'],
  adadelta: ['lr', 'rho', 'eps', 'weightDecay', 'maximize'],
  step: ['stepSize', 'gamma'],
  multistep: ['milestones', 'gamma'],
  exponential: ['gamma'],
  cosine: ['tMax', 'etaMin'],
  cosineWarmRestarts: ['t0', 'tMult', 'etaMin'],
  linear: ['startFactor', 'endFactor', 'totalIters'],
  polynomial: ['totalIters', 'power'],
  constant: ['factor', 'totalIters'],
  cyclic: ['baseLr', 'maxLr', 'stepSizeUp', 'stepSizeDown', 'mode', 'gamma', 'cycleMomentum', 'baseMomentum', 'maxMomentum'],
  onecycle: ['maxLr', 'totalSteps', 'pctStart', 'annealStrategy', 'cycleMomentum', 'baseMomentum', 'maxMomentum', 'divFactor', 'finalDivFactor', 'threePhase'],
  plateau: ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps'],
  sequential: ['schedulers', 'milestones'],
};
const keysOf = (o: object) => Object.keys(o).sort();

const SEED = 1;
const docs = buildSpecDocs(SEED);
const all = [...docs.optimizers.cases, ...docs.schedulers.cases, ...docs.mlp_grads.cases, ...docs.training.cases] as Case[];

describe(`generated cases (seed ${SEED}) are in the fixture format and cover every feature`, () => {
  it('has the gd-parity/1 header, unique names and complete option sets', () => {
    for (const d of Object.values(docs)) expect([d.format, d.dtype]).toEqual(['gd-parity/1', 'float64']);
    expect(new Set(all.map((c) => c.name)).size).toBe(all.length);
    for (const c of [...docs.optimizers.cases, ...docs.training.cases]) expect(keysOf(c.options)).toEqual([...OPTION_KEYS[c.optimizer]].sort());
    for (const c of docs.schedulers.cases) expect(keysOf(c.options)).toEqual([...OPTION_KEYS[c.scheduler]].sort());
    for (const c of docs.training.cases) if (c.scheduler) expect(keysOf(c.scheduler.options)).toEqual([...OPTION_KEYS[c.scheduler.scheduler]].sort());
  });

  it('covers every optimizer flag, scheduler variant, activation and loss', () => {
    const opt = docs.optimizers.cases as Case[];
    for (const name of OPTIMIZERS) expect(opt.some((c) => c.optimizer === name)).toBe(true);
    const has = (f: (c: Case) => boolean) => expect(opt.some(f)).toBe(true);
    has((c) => c.optimizer === 'sgd' && c.options.nesterov && c.options.weightDecay > 0 && c.options.maximize);
    has((c) => c.optimizer === 'sgd' && c.options.dampening > 0 && c.options.momentum > 0);
    has((c) => c.optimizer === 'rmsprop' && c.options.centered && c.options.momentum > 0 && c.options.weightDecay > 0 && c.options.maximize);
    has((c) => c.optimizer === 'adam' && c.options.amsgrad && c.options.maximize && c.options.weightDecay > 0);
    has((c) => c.optimizer === 'adamw' && c.options.amsgrad && c.options.maximize && c.options.weightDecay > 0);
    has((c) => c.optimizer === 'adagrad' && c.options.lrDecay > 0 && c.options.initialAccumulatorValue > 0 && c.options.maximize);
    has((c) => c.optimizer === 'radam' && c.options.betas[1] < 0.99);
    has((c) => c.optimizer === 'nadam' && c.options.momentumDecay !== 0.004);
    has((c) => c.steps > 100);

    const sch = docs.schedulers.cases as Case[];
    const variants = new Set(
      sch.map((c) => {
        const o = c.options;
        if (c.scheduler === 'cyclic') return `cyclic:${o.mode}:${o.cycleMomentum}`;
        if (c.scheduler === 'onecycle') return `onecycle:${o.annealStrategy}:${o.threePhase}:${o.cycleMomentum}`;
        if (c.scheduler === 'plateau') return `plateau:${o.mode}:${o.thresholdMode}`;
        if (c.scheduler === 'cosineWarmRestarts') return `cwr:${o.tMult}`;
        return c.scheduler;
      }),
    );
    expect(variants.size).toBe(7 + 1 + 3 + 6 + 8 + 4);
    expect(sch.some((c) => c.scheduler === 'onecycle' && c.optimizer === 'adam' && c.momentums)).toBe(true);
    expect(sch.some((c) => c.scheduler === 'multistep' && new Set(c.options.milestones).size < c.options.milestones.length)).toBe(true);
    expect(sch.some((c) => c.scheduler === 'plateau' && c.options.cooldown > 0 && c.options.minLr > 0 && c.lrs.at(-1) === c.options.minLr)).toBe(true);
    expect(sch.some((c) => c.scheduler === 'cosine' && c.steps > 2 * c.options.tMax)).toBe(true);

    const mlp = docs.mlp_grads.cases as Case[];
    for (const fn of ACTIVATIONS) expect(mlp.some((c) => c.layers.some((l: Case) => l.fn === fn))).toBe(true);
    for (const loss of LOSSES) for (const red of ['mean', 'sum']) expect(mlp.some((c) => c.loss.type === loss && c.loss.reduction === red)).toBe(true);

    const tr = docs.training.cases as Case[];
    for (const s of Object.keys(OPTION_KEYS).filter((k) => !(k in { sgd: 1, adagrad: 1, rmsprop: 1, adam: 1, adamw: 1, nadam: 1, radam: 1, adamax: 1, adadelta: 1 }))) {
      expect(tr.some((c) => c.scheduler?.scheduler === s)).toBe(true);
    }
    expect(tr.some((c) => c.x.length % c.batchSize !== 0)).toBe(true);
    expect(tr.some((c) => c.batchSize === 1)).toBe(true);
    expect(tr.some((c) => c.optimizer === 'sgd' && c.options.momentum === 0 && c.scheduler?.options.cycleMomentum)).toBe(true);
  });
});

describe(`generated cases (seed ${SEED}) pass through runCase`, () => {
  it.each(all.map((c) => [`${c.kind} ${c.name}`, c] as const))('%s', (_n, c) => {
    const r = runCase(c as never);
    expect(r.reason).toBeUndefined();
    expect(r.pass).toBe(true);
  });
});

describe('more seeds, summarised per seed', () => {
  it.each([2, 3])('seed %i: every generated case passes', (seed) => {
    const d = buildSpecDocs(seed);
    const cases = [...d.optimizers.cases, ...d.schedulers.cases, ...d.mlp_grads.cases, ...d.training.cases] as Case[];
    const failures = cases.flatMap((c) => {
      const r = runCase(c as never);
      return r.pass ? [] : [`${c.name}: ${r.reason}`];
    });
    expect(failures).toEqual([]);
  });
});

describe('the differential check has teeth', () => {
  it('a generated case fails when one expected number is moved beyond the tolerance', () => {
    const c = structuredClone(docs.optimizers.cases[0]) as Case;
    c.trajectory[5][0] *= 1 + 1e-5;
    expect(runCase(c as never).pass).toBe(false);
  });
});
