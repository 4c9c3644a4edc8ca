// Typos in options fail at compile time (each @ts-expect-error below is checked by `npm run typecheck`: if
// the line stopped being an error, the check fails) and at run time (the expectations below).
import { describe, expect, it } from 'vitest';
import { OptionError } from '@descent/core-tensor';
import { makeDataset } from '@descent/data';
import { buildModel, describeModel, type ModelSpec } from '@descent/layers';
import { createOptimizer, type OptimizerOptionsMap } from '@descent/optimizers';
import { lrCurve, type ScheduleSpec } from '@descent/schedulers';
import { fitOptionProblems, fitRunSync, type FitOptions, type OptimizerSpec, type SchedulerSpec } from './index.js';

const problems = (o: unknown) => fitOptionProblems(o).map((e) => [e.path.join('.'), e.message]);

describe('typed options', () => {
  it('an optimizer spec is a union by name: options of another optimizer, or misspelt, do not compile', () => {
    const ok: OptimizerSpec[] = [{ name: 'sgd', options: { lr: 0.1, momentum: 0.9, nesterov: true } }, { name: 'adam', options: { betas: [0.9, 0.99] } }];
    // @ts-expect-error learningRate is not an option (lr is)
    const typo: OptimizerSpec = { name: 'adam', options: { learningRate: 0.1 } };
    // @ts-expect-error momentum is SGD's, not Adam's
    const wrong: OptimizerSpec = { name: 'adam', options: { momentum: 0.9 } };
    // @ts-expect-error unknown optimizer name
    const unknown: OptimizerSpec = { name: 'adamm' };
    expect(ok).toHaveLength(2);
    const base = { loss: 'mse', epochs: 1 };
    expect(problems({ ...base, optimizer: typo })).toEqual([['optimizer.options.learningRate', expect.stringContaining('learningRate is not an option of adam; valid options: lr, betas')]]);
    expect(problems({ ...base, optimizer: wrong })[0][0]).toBe('optimizer.options.momentum');
    expect(problems({ ...base, optimizer: unknown })[0][0]).toBe('optimizer.name');
    // The functional factories are typed the same way.
    // @ts-expect-error nesterov is SGD's
    expect(() => createOptimizer('adam', { nesterov: true })).toThrow(OptionError);
    const sgdOptions: Partial<OptimizerOptionsMap['sgd']> = { dampening: 0.1 };
    expect(createOptimizer('sgd', sgdOptions).options.dampening).toBe(0.1);
  });

  it('a schedule spec is a union by name: stepsize for stepSize does not compile', () => {
    const ok: SchedulerSpec = { name: 'step', options: { stepSize: 5, gamma: 0.5 }, stepEvery: 'epoch' };
    // @ts-expect-error stepsize (lowercase s) is not an option of step
    const typo: SchedulerSpec = { name: 'step', options: { stepsize: 5 } };
    // @ts-expect-error stepEvery is 'batch' or 'epoch'
    const when: SchedulerSpec = { name: 'cosine', options: { tMax: 10 }, stepEvery: 'step' };
    const base = { loss: 'mse', epochs: 1, optimizer: { name: 'sgd' } };
    expect(problems({ ...base, scheduler: ok })).toEqual([]);
    expect(problems({ ...base, scheduler: typo })[0]).toEqual(['scheduler.options.stepsize', expect.stringContaining('stepsize is not an option of step')]);
    expect(problems({ ...base, scheduler: when })[0][0]).toBe('scheduler.stepEvery');
    // The library's own ScheduleSpec (scheduler + options) is a union as well.
    // @ts-expect-error gamma must be a number
    const lib: ScheduleSpec = { scheduler: 'exponential', options: { gamma: '0.9' } };
    expect(() => lrCurve(lib, 0.1, 3)).toThrow(OptionError);
  });

  it('FitOptions: an unknown key does not compile and is rejected before training, listing the valid keys', () => {
    // @ts-expect-error epoch is not an option (epochs is)
    const typo: FitOptions = { loss: 'mse', optimizer: { name: 'sgd' }, epoch: 3 };
    expect(problems(typo)).toContainEqual(['epoch', expect.stringMatching(/epoch is not a training option; valid options: loss, optimizer, scheduler, epochs/)]);
    // @ts-expect-error a loss name is one of the known losses
    const loss: FitOptions = { loss: 'msee', optimizer: { name: 'sgd' }, epochs: 1 };
    expect(problems(loss)[0][0]).toBe('loss');
  });

  it('as const model specs (readonly layer arrays) are accepted by buildModel, describeModel and fit', () => {
    const spec = { input: 2, layers: [{ type: 'dense', units: 4 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 1 }] } as const;
    const typed: ModelSpec = spec;
    expect(describeModel(typed).totalParams).toBe(17);
    expect(buildModel(spec, { seed: 1 }).parameters()).toHaveLength(4);
    const layersOnly = [{ type: 'dense', units: 1 }] as const;
    expect(describeModel({ input: 3, layers: layersOnly }).totalParams).toBe(4);
    const r = fitRunSync({ data: { preset: 'linear', options: { n: 20 } }, model: { layers: layersOnly }, loss: 'mse', optimizer: { name: 'sgd' }, epochs: 1 });
    expect(r.status).toBe('completed');
    // @ts-expect-error a layer type is dense, activation or dropout
    const bad: ModelSpec = { layers: [{ type: 'conv', units: 3 }] };
    expect(() => describeModel(bad)).toThrow(OptionError);
    expect(makeDataset('linear', { n: 5 }).x.shape).toEqual([5, 1]);
  });
});
