import { describe, expect, it } from 'vitest';
import { DescentError, OptionError, Tensor } from '@descent/core-tensor';
import {
  OPTIMIZERS,
  Optimizer,
  addDecayedWeights,
  applyUpdates,
  chain,
  clipByGlobalNorm,
  clipByValue,
  clipGradNorm,
  clipGradValue,
  createOptimizer,
  globalNorm,
  optimizerDefaults,
  optimizerNames,
  scaleByAdam,
  scaleByLearningRate,
  traceMomentum,
} from './index.js';

const vec = (xs: number[]): Tensor => new Tensor(Float64Array.from(xs), [xs.length]);

describe('option validation', () => {
  it('fills PyTorch defaults', () => {
    expect(createOptimizer('adam').options).toEqual({ lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false });
    expect(optimizerDefaults('adamw').weightDecay).toBe(0.01);
    expect(optimizerDefaults('adadelta')).toEqual({ lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false });
    expect(optimizerDefaults('sgd').momentum).toBe(0);
  });

  const thrown = (f: () => unknown): DescentError => {
    try {
      f();
    } catch (e) {
      return e as DescentError;
    }
    throw new Error('expected an error');
  };

  it.each([
    ['sgd', { lr: NaN }, 'lr', null, /must be a finite number, got NaN/],
    ['sgd', { lr: -0.1 }, 'lr', null, /must be at least 0, got -0.1/],
    ['adam', { betas: [1, 0.999] }, 'betas', 0, /must be below 1, got 1$/],
    ['adam', { betas: [0.9, -0.1] }, 'betas', 1, /must be at least 0, got -0.1/],
    ['adam', { betas: [0.9] }, 'betas', null, /pair \[beta1, beta2\], got \[0.9\]/],
    ['adam', { eps: -1e-8 }, 'eps', null, /got -1e-8/],
    ['rmsprop', { alpha: 1.5 }, 'alpha', null, /must be at most 1, got 1.5/],
    ['adagrad', { lrDecay: -1 }, 'lrDecay', null, /at least 0/],
    ['sgd', { momentum: Infinity }, 'momentum', null, /got Infinity/],
    ['sgd', { nesterov: 'yes' }, 'nesterov', null, /must be true or false, got "yes"/],
    ['sgd', { learningRate: 0.1 }, 'learningRate', null, /is not an option of sgd; valid options: lr, momentum/],
    ['nadam', { maximize: true }, 'maximize', null, /is not an option of nadam/],
    ['sgd', { nesterov: true }, 'momentum', null, /must be above 0 for Nesterov momentum, got 0/],
    ['sgd', { nesterov: true, momentum: 0.9, dampening: 0.1 }, 'dampening', null, /must be 0 for Nesterov momentum, got 0.1/],
  ])('%s %j throws an OptionError for that option', (name, options, option, element, reason) => {
    const e = thrown(() => createOptimizer(name as never, options as never));
    expect(e).toBeInstanceOf(OptionError);
    expect({ owner: e.owner, option: e.option, element: e.element }).toEqual({ owner: name, option, element });
    expect(e.reason).toMatch(reason);
    expect(e.message).toContain(`${name}: ${option}`);
  });

  it('rejects unknown optimizer names and bad clip options', () => {
    const e = thrown(() => createOptimizer('sgdd' as never));
    expect({ owner: e.owner, option: e.option }).toEqual({ owner: 'optimizer', option: 'name' });
    expect(e.reason).toMatch(/must be one of sgd, adagrad.*got "sgdd"/);
    expect(() => createOptimizer('sgd', {}, { clipNorm: -1 })).toThrow(/clipNorm must be a positive number/);
  });

  it('metadata lists every optimizer with defaults that validate', () => {
    expect(OPTIMIZERS.map((o) => o.name)).toEqual(optimizerNames);
    for (const info of OPTIMIZERS) {
      expect(() => createOptimizer(info.name, optimizerDefaults(info.name) as never)).not.toThrow();
      for (const m of info.options) expect(m.description.length).toBeGreaterThan(5);
    }
  });
});

describe('hyperparameters between steps', () => {
  it('lr and momentum map to the right options and are validated', () => {
    const s = createOptimizer('sgd', { lr: 0.1 });
    s.lr = 0.05;
    s.momentum = 0.9;
    expect(s.options.lr).toBe(0.05);
    expect(s.options.momentum).toBe(0.9);
    expect(() => (s.lr = NaN)).toThrow(/lr must be a finite number, got NaN/);
    const a = createOptimizer('adam');
    a.momentum = 0.85;
    expect(a.options.betas).toEqual([0.85, 0.999]);
    expect(() => (a.momentum = 1)).toThrow(/beta1/);
    const g = createOptimizer('adagrad');
    expect(g.momentum).toBeUndefined();
    expect(g.hasMomentum).toBe(false);
    expect(() => (g.momentum = 0.9)).toThrow(/adagrad has no momentum/);
  });

  it('a changed lr is used by the next step', () => {
    const opt = createOptimizer('sgd', { lr: 0.1 });
    const p = vec([1]);
    opt.step([p], [vec([1])]);
    opt.setOption('lr', 0.5);
    opt.step([p], [vec([1])]);
    expect(p.data[0]).toBeCloseTo(1 - 0.1 - 0.5, 15);
  });

  it('momentum switched on later starts its buffer from the gradient (PyTorch)', () => {
    const opt = createOptimizer('sgd', { lr: 1 });
    const p = vec([0]);
    opt.step([p], [vec([1])]);
    opt.momentum = 0.5;
    opt.setOption('dampening', 0.5);
    opt.step([p], [vec([2])]); // first momentum step: buf = g = 2
    opt.step([p], [vec([2])]); // buf = 0.5 * 2 + 0.5 * 2 = 2
    expect(p.data[0]).toBe(-1 - 2 - 2);
  });

  it('fixed options cannot change after construction', () => {
    const opt = createOptimizer('adam');
    expect(() => opt.setOption('amsgrad', true)).toThrow(/amsgrad is fixed at construction/);
    expect(() => opt.setOption('eps', -1)).toThrow(/eps must be at least 0/);
  });
});

describe('step argument checks', () => {
  it('rejects mismatched params and grads', () => {
    const opt = createOptimizer('sgd');
    expect(() => opt.step([vec([1, 2])], [])).toThrow(/1 params but 0 grads/);
    expect(() => opt.step([vec([1, 2])], [vec([1])])).toThrow(/grad 0 has 1 elements but param 0 has 2/);
    opt.step([vec([1, 2])], [vec([1, 1])]);
    expect(() => opt.step([vec([1, 2, 3])], [vec([1, 1, 1])])).toThrow(/param 0 has 3 elements, the optimizer state has 2/);
    opt.reset();
    expect(() => opt.step([vec([1, 2, 3])], [vec([1, 1, 1])])).not.toThrow();
  });

  it('does not modify the gradients', () => {
    const opt = createOptimizer('adam', { weightDecay: 0.1, maximize: true }, { clipValue: 0.1 });
    const g = vec([3, -4]);
    opt.step([vec([1, 1])], [g]);
    expect(Array.from(g.data)).toEqual([3, -4]);
  });
});

describe('stateDict validation', () => {
  const trained = () => {
    const opt = createOptimizer('adam', { lr: 0.1, amsgrad: true });
    opt.step([vec([1, 2])], [vec([0.5, -0.5])]);
    return opt;
  };

  it('is plain JSON with step, options and buffers', () => {
    const sd = trained().stateDict();
    expect(JSON.parse(JSON.stringify(sd))).toEqual(sd);
    expect(sd.step).toBe(1);
    expect(sd.sizes).toEqual([2]);
    expect(sd.options.lr).toBe(0.1);
  });

  it('rejects a wrong optimizer, wrong lengths, missing buffers, fixed-option changes; failed loads change nothing', () => {
    const sd = trained().stateDict();
    const target = createOptimizer('adam', { lr: 0.1, amsgrad: true });
    expect(() => createOptimizer('sgd').loadStateDict(sd)).toThrow(/state dict is for optimizer "adam", this optimizer is "sgd"/);
    expect(() => createOptimizer('adam').loadStateDict(sd)).toThrow(/"amsgrad" was true when saved but is false here/);
    const bad = JSON.parse(JSON.stringify(sd));
    bad.state.inner[4].buffers.expAvg[0] = [1, 2, 3];
    expect(() => target.loadStateDict(bad)).toThrow(/state.inner\[4\].buffers.expAvg\[0\] must have length 2, got 3/);
    const missing = JSON.parse(JSON.stringify(sd));
    delete missing.state.inner[4].buffers.maxExpAvgSq;
    expect(() => target.loadStateDict(missing)).toThrow(/buffers must have the names/);
    const badOpt = JSON.parse(JSON.stringify(sd));
    badOpt.options.lr = -1;
    expect(() => target.loadStateDict(badOpt)).toThrow(/lr/);
    expect(target.stepCount).toBe(0);
    expect(target.stateDict().state).toBeNull();
  });

  it('fromStateDict rebuilds an equivalent optimizer', () => {
    const a = trained();
    const b = Optimizer.fromStateDict(JSON.parse(JSON.stringify(a.stateDict())));
    const pa = vec([1, 2]), pb = vec([1, 2]);
    a.step([pa], [vec([0.1, 0.2])]);
    b.step([pb], [vec([0.1, 0.2])]);
    expect(Array.from(pb.data)).toEqual(Array.from(pa.data));
  });
});

describe('clipping', () => {
  it('clipGradNorm scales to maxNorm like PyTorch and returns the norm', () => {
    const g = [vec([3, 0]), vec([4])];
    expect(globalNorm(g)).toBe(5);
    expect(clipGradNorm(g, 1)).toBe(5);
    const c = 1 / (5 + 1e-6);
    expect(Array.from(g[0].data)).toEqual([3 * c, 0]);
    expect(g[1].data[0]).toBe(4 * c);
    const small = [vec([0.1])];
    clipGradNorm(small, 1);
    expect(small[0].data[0]).toBe(0.1);
    expect(globalNorm([vec([3, -7])], Infinity)).toBe(7);
  });

  it('clipGradValue clamps', () => {
    const g = [vec([3, -0.5, -2])];
    clipGradValue(g, 1);
    expect(Array.from(g[0].data)).toEqual([1, -0.5, -1]);
    expect(() => clipGradValue(g, 0)).toThrow(/clipValue must be a positive number, got 0/);
  });

  it('clip options on the optimizer clip before the rule', () => {
    const opt = createOptimizer('sgd', { lr: 1 }, { clipNorm: 1 });
    const p = vec([0, 0]);
    opt.step([p], [vec([3, 4])]);
    expect(p.data[0]).toBeCloseTo(-0.6, 6);
    expect(p.data[1]).toBeCloseTo(-0.8, 6);
    const v = createOptimizer('sgd', { lr: 1 }, { clipValue: 0.5 });
    const q = vec([0, 0]);
    v.step([q], [vec([3, -0.25])]);
    expect(Array.from(q.data)).toEqual([-0.5, 0.25]);
  });
});

describe('composable transformations', () => {
  it('chain(scaleByAdam, scaleByLearningRate) with applyUpdates equals the adam optimizer', () => {
    const tx = chain(scaleByAdam({ betas: [0.9, 0.99], eps: 1e-8 }), scaleByLearningRate(0.05));
    const p = vec([1, -2]);
    const q = vec([1, -2]);
    const state = tx.init([p]);
    const opt = createOptimizer('adam', { lr: 0.05, betas: [0.9, 0.99] });
    for (let t = 0; t < 10; t++) {
      const u = [vec([2 * p.data[0], 2 * p.data[1]])];
      tx.update(u, state, [p]);
      applyUpdates([p], u);
      opt.step([q], [vec([2 * q.data[0], 2 * q.data[1]])]);
    }
    expect(Array.from(p.data)).toEqual(Array.from(q.data));
    expect(state.inner?.[0].count).toBe(10);
  });

  it('a schedule function as learning rate gets the 0-based update index', () => {
    const seen: number[] = [];
    const tx = scaleByLearningRate((t) => (seen.push(t), 1));
    const s = tx.init([vec([0])]);
    for (let t = 0; t < 3; t++) tx.update([vec([1])], s, [vec([0])]);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('sgd with momentum and decoupled decay composes from blocks', () => {
    const tx = chain(clipByValue(10), clipByGlobalNorm(100), traceMomentum({ momentum: 0.9 }), addDecayedWeights(0.1), scaleByLearningRate(0.1));
    const p = vec([1]);
    const s = tx.init([p]);
    const u = [vec([0.5])];
    tx.update(u, s, [p]);
    expect(u[0].data[0]).toBeCloseTo(-0.1 * (0.5 + 0.1 * 1), 15);
  });
});
