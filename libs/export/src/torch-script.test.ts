import { describe, expect, it } from 'vitest';
import { OptionError } from '@descent/core-tensor';
import { fitRunSync, type RunSpec } from '@descent/train';
import { optimizerNames } from '@descent/optimizers';
import { runData } from './run-data.js';
import { toPytorchScript, torchOptimizerArgs, torchSchedulerCall } from './torch-script.js';

const base = (over: Partial<RunSpec> = {}): RunSpec => ({
  name: 'xor-test',
  seed: 3,
  data: { preset: 'xor', options: { n: 40, noise: 0 }, testFraction: 0.25 },
  model: { layers: [{ type: 'dense', units: 4 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 1 }] },
  loss: 'bceWithLogits',
  optimizer: { name: 'sgd', options: { lr: 0.1 } },
  batch: { mode: 'minibatch', batchSize: 8 },
  epochs: 3,
  ...over,
});

/** The OptionError a call throws (fails the test if it throws something else or nothing). */
function optionError(f: () => unknown): OptionError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OptionError);
    return e as OptionError;
  }
  throw new Error('expected an OptionError');
}

describe('toPytorchScript: the script', () => {
  it('is one Python file with standard imports, the model, optimizer, loss, loop and embedded data', () => {
    const { script, data } = toPytorchScript(base());
    expect(data).toBeNull();
    expect(script.startsWith('#!/usr/bin/env python3\n# xor-test: a Descent run exported to PyTorch')).toBe(true);
    const imports = script.match(/^(import|from) .*$/gm);
    expect(imports).toEqual(['import argparse', 'import base64', 'import io', 'import math', 'import sys', 'from pathlib import Path', 'import numpy as np', 'import torch', 'from torch import nn']);
    expect(script).toContain('    return nn.Sequential(\n        nn.Linear(2, 4),  # 0\n        nn.Tanh(),  # 1\n        nn.Linear(4, 1),  # 2\n    )');
    expect(script).toContain('return torch.optim.SGD(params, lr=0.1, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, maximize=False)');
    expect(script).toContain("loss_fn = nn.BCEWithLogitsLoss(reduction='mean')");
    expect(script).toContain("print(line)");
    expect(script).toContain("line = f'epoch {epoch} loss {train_loss!r}'");
    expect(script).toMatch(/SEED = 3 {2}# /);
    expect(script).toContain('EPOCHS = 3\nBATCH_SIZE = 8  # mini-batches: 30 training rows, 4 batches per epoch, the last one of 6');
    expect(script).toContain('DTYPE = torch.float32');
    expect(script).toContain("parser.add_argument('--device', default='cpu'");
    expect(script).toMatch(/# Several GPUs or machines: torch\.distributed/);
    expect(script).toMatch(/EMBEDDED_DATA = """\n[A-Za-z0-9+/=\n]+\n"""\n\n\nif __name__ == '__main__':\n {4}main\(\)\n$/);
    expect(script).not.toContain('--check'); // only for a record
    expect(script).not.toContain('scheduler');
    // The initial weights come from the data, never from PyTorch's generator.
    expect(script).toContain("model.load_state_dict({key: torch.from_numpy(data['init.' + key]) for key in model.state_dict()})");
    expect(script).not.toMatch(/torch\.manual_seed|torch\.rand|np\.random/);
  });

  it('writes every activation as its torch.nn module, with its options, and dropout as ReplayDropout', () => {
    const spec = base({
      data: { preset: 'blobs', options: { n: 30, k: 3 }, testFraction: 0 },
      model: {
        layers: [
          { type: 'dense', units: 6, useBias: false },
          { type: 'activation', fn: 'leakyRelu', options: { negativeSlope: 0.2 } },
          { type: 'activation', fn: 'elu', options: { alpha: 0.5 } },
          { type: 'activation', fn: 'softplus', options: { beta: 2, threshold: 10 } },
          { type: 'activation', fn: 'gelu' },
          { type: 'activation', fn: 'silu' },
          { type: 'activation', fn: 'sigmoid' },
          { type: 'activation', fn: 'relu' },
          { type: 'activation', fn: 'identity' },
          { type: 'dropout', p: 0.25 },
          { type: 'dropout', p: 0 },
          { type: 'dense', units: 3 },
          { type: 'activation', fn: 'softmax' },
          { type: 'activation', fn: 'logSoftmax', options: { dim: 1 } },
        ],
      },
      loss: 'nll',
    });
    const { script } = toPytorchScript(spec);
    for (const m of [
      'nn.Linear(2, 6, bias=False),  # 0',
      'nn.LeakyReLU(negative_slope=0.2),  # 1',
      'nn.ELU(alpha=0.5),  # 2',
      'nn.Softplus(beta=2.0, threshold=10.0),  # 3',
      'nn.GELU(),  # 4',
      'nn.SiLU(),  # 5',
      'nn.Sigmoid(),  # 6',
      'nn.ReLU(),  # 7',
      'nn.Identity(),  # 8',
      "ReplayDropout(0.25, data['dropout.9'], rows=EPOCHS * N_TRAIN, width=6),  # 9",
      'nn.Dropout(0.0),  # 10', // p = 0 draws nothing: no masks to store
      'nn.Linear(6, 3),  # 11',
      'nn.Softmax(dim=-1),  # 12',
      'nn.LogSoftmax(dim=1),  # 13',
    ]) expect(script).toContain(m);
    expect(script).toContain('class ReplayDropout(nn.Dropout):');
    expect(script).toContain("loss_fn = nn.NLLLoss(reduction='mean')  # Descent's 'nll', on class indices");
    expect(script).toContain('    targets = labels');
    expect(script).not.toContain('x_test'); // testFraction 0: no test set
  });

  it('stores the masks Descent draws: one bit per element of every training forward, p of them dropped', () => {
    const spec = base({ model: { layers: [{ type: 'dense', units: 50 }, { type: 'dropout', p: 0.3 }, { type: 'dense', units: 1 }] }, epochs: 4 });
    const d = runData('test', spec);
    const bits = d.arrays['dropout.1'].data as Uint8Array;
    expect(bits.length).toBe(Math.ceil((4 * 30 * 50) / 8));
    let dropped = 0;
    for (let k = 0; k < 4 * 30 * 50; k++) if (!(bits[k >> 3] & (0x80 >> (k & 7)))) dropped++;
    expect(dropped / (4 * 30 * 50)).toBeGreaterThan(0.25);
    expect(dropped / (4 * 30 * 50)).toBeLessThan(0.35);
    // Batch orders: every epoch a permutation of the training rows, a different one each epoch.
    const order = d.arrays.batch_order;
    expect(order.shape).toEqual([4, 30]);
    const rows = (e: number) => Array.from(order.data as Uint16Array).slice(e * 30, e * 30 + 30);
    expect([...rows(0)].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(rows(1)).not.toEqual(rows(0));
    expect(d.arrays['init.0.weight'].shape).toEqual([50, 2]);
    expect(d.arrays['init.0.weight'].dtype).toBe('float32');
  });

  it('places each step where Descent takes it: clipping before the step, schedulers per batch or per epoch', () => {
    const perBatch = toPytorchScript(
      base({ optimizer: { name: 'sgd', options: { lr: 0.1, momentum: 0.9 }, clipValue: 0.5, clipNorm: 1 }, scheduler: { name: 'cyclic', options: { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4 }, stepEvery: 'batch' } }),
    ).script;
    const iClipValue = perBatch.indexOf('torch.nn.utils.clip_grad_value_(model.parameters(), 0.5)');
    const iClipNorm = perBatch.indexOf('torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)');
    const iStep = perBatch.indexOf('optimizer.step()');
    const iSched = perBatch.indexOf('scheduler.step()  # per batch');
    expect(iClipValue).toBeGreaterThan(perBatch.indexOf('loss.backward()'));
    expect(iClipNorm).toBeGreaterThan(iClipValue);
    expect(iStep).toBeGreaterThan(iClipNorm);
    expect(iSched).toBeGreaterThan(iStep);
    expect(iSched).toBeLessThan(perBatch.indexOf('train_loss = total / len(losses)'));
    expect(perBatch).toContain("torch.optim.lr_scheduler.CyclicLR(optimizer, base_lr=0.01, max_lr=0.1, step_size_up=4, step_size_down=None, mode='triangular', gamma=1.0, cycle_momentum=True, base_momentum=0.8, max_momentum=0.9)");
    expect(perBatch).toMatch(/cycle_momentum=True: it also sets the optimizer's momentum at every step/);

    const perEpoch = toPytorchScript(base({ scheduler: { name: 'step', options: { stepSize: 2, gamma: 0.5 } } })).script;
    expect(perEpoch).toContain('        scheduler.step()  # per epoch: after the epoch');
    expect(perEpoch.indexOf('scheduler.step()')).toBeGreaterThan(perEpoch.indexOf('train_loss = total / len(losses)'));

    const plateau = toPytorchScript(base({ scheduler: { name: 'plateau', options: { patience: 1 }, metric: 'testAccuracy' } })).script;
    expect(plateau).toContain("torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode='max', factor=0.1, patience=1, threshold=0.0001, threshold_mode='rel', cooldown=0, min_lr=0.0, eps=1e-08)");
    expect(plateau).toContain("metric = metrics['test_accuracy']\n        if metric is not None and math.isfinite(metric):\n            scheduler.step(metric)");
  });

  it('writes early stopping with its options, checked after the scheduler, with restore_best', () => {
    const s = toPytorchScript(base({ earlyStopping: { metric: 'testLoss', patience: 2, minDelta: 0.001, restoreBest: true } })).script;
    expect(s).toContain('class EarlyStopping:');
    expect(s).toContain("early_stopping = EarlyStopping(mode='min', patience=2, min_delta=0.001, restore_best=True)  # on test_loss");
    expect(s).toContain("stop = early_stopping.update(epoch, metrics['test_loss'], model)");
    expect(s).toContain('model.load_state_dict(early_stopping.best_state)');
  });

  it('trains in the dtype asked for, with the initial weights drawn in it', () => {
    const spec = base();
    const d64 = runData('test', { ...spec, dtype: 'float64' });
    expect(d64.arrays['init.0.weight'].dtype).toBe('float64');
    expect(toPytorchScript(spec, { dtype: 'float64' }).script).toContain('DTYPE = torch.float64');
    expect(optionError(() => toPytorchScript(spec, { dtype: 'float16' as never })).option).toBe('dtype');
  });

  it('stores a record\'s epoch losses and offers --check', () => {
    const record = fitRunSync(base());
    const { script } = toPytorchScript(record);
    expect(script).toContain("parser.add_argument('--check'");
    expect(script).toContain("expected = data['descent.epoch_loss']");
    expect(script).toContain('worst <= 1e-4');
  });

  it('puts large data in a separate .npz file next to the script', () => {
    const t = toPytorchScript(base(), { embedLimit: 0, fileName: 'run.py' });
    expect(t.dataFileName).toBe('run.npz');
    expect(t.data).toBeInstanceOf(Uint8Array);
    expect(t.script).toContain("DATA_FILE = 'run.npz'");
    expect(t.script).toContain('EMBEDDED_DATA = None');
    expect(t.script).toContain("parser.add_argument('--data'");
    expect(optionError(() => toPytorchScript(base(), { embedLimit: 0, dataFileName: '../x.npz' })).option).toBe('dataFileName');
    expect(optionError(() => toPytorchScript(base(), { embedLimit: -1 })).option).toBe('embedLimit');
  });

  it('refuses, naming the option, what it cannot export', () => {
    const e = optionError(() =>
      toPytorchScript(base({ scheduler: { name: 'sequential', options: { schedulers: [{ scheduler: 'linear', options: {} }, { scheduler: 'cyclic', options: { baseLr: 0.01, maxLr: 0.1 } }], milestones: [2] } } })),
    );
    expect(e.option).toBe('schedulers');
    expect(e.path).toEqual(['scheduler', 'options', 'schedulers', 1, 'scheduler']);
    expect(e.reason).toMatch(/only constant, step, multistep, exponential, cosine, linear, polynomial/);
    const bad = optionError(() => toPytorchScript(base({ optimizer: { name: 'sgd', options: { lr: -1 } } })));
    expect(bad.path).toEqual(['optimizer', 'options', 'lr']);
    const record = fitRunSync(base());
    delete record.spec;
    expect(optionError(() => toPytorchScript(record)).option).toBe('spec');
    expect(optionError(() => toPytorchScript(42 as never)).option).toBe('input');
  });
});

describe('PyTorch names of the options', () => {
  it.each(optimizerNames)('%s: every hyperparameter under its PyTorch name', (name) => {
    const want: Record<string, string> = {
      sgd: 'lr=0.01, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, maximize=False',
      adagrad: 'lr=0.01, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10, maximize=False',
      rmsprop: 'lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0, momentum=0.0, centered=False, maximize=False',
      adam: 'lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0, amsgrad=False, maximize=False',
      adamw: 'lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=False, maximize=False',
      nadam: 'lr=0.002, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0, momentum_decay=0.004, foreach=True',
      radam: 'lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0, foreach=False',
      adamax: 'lr=0.002, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0, maximize=False',
      adadelta: 'lr=1.0, rho=0.9, eps=1e-06, weight_decay=0.0, maximize=False',
    };
    expect(torchOptimizerArgs(name).join(', ')).toBe(want[name]);
  });

  it('maps given options: nesterov, centered, amsgrad, weightDecay, betas', () => {
    expect(torchOptimizerArgs('sgd', { lr: 0.5, momentum: 0.9, nesterov: true, weightDecay: 1e-4 }).join(', ')).toBe('lr=0.5, momentum=0.9, dampening=0.0, weight_decay=0.0001, nesterov=True, maximize=False');
    expect(torchOptimizerArgs('rmsprop', { centered: true, momentum: 0.5 })).toContain('centered=True');
    expect(torchOptimizerArgs('adamw', { amsgrad: true, betas: [0.8, 0.99] })).toEqual(expect.arrayContaining(['amsgrad=True', 'betas=(0.8, 0.99)']));
  });

  it.each([
    ['step', { stepSize: 10 }, 'StepLR(optimizer, step_size=10, gamma=0.1)'],
    ['multistep', { milestones: [3, 3, 8] }, 'MultiStepLR(optimizer, milestones=[3, 3, 8], gamma=0.1)'],
    ['exponential', { gamma: 0.9 }, 'ExponentialLR(optimizer, gamma=0.9)'],
    ['cosine', { tMax: 20, etaMin: 0.001 }, 'CosineAnnealingLR(optimizer, T_max=20, eta_min=0.001)'],
    ['cosineWarmRestarts', { t0: 5, tMult: 2 }, 'CosineAnnealingWarmRestarts(optimizer, T_0=5, T_mult=2, eta_min=0.0)'],
    ['linear', { startFactor: 0.1, totalIters: 4 }, 'LinearLR(optimizer, start_factor=0.1, end_factor=1.0, total_iters=4)'],
    ['polynomial', { totalIters: 8, power: 2 }, 'PolynomialLR(optimizer, total_iters=8, power=2.0)'],
    ['constant', { factor: 0.5, totalIters: 3 }, 'ConstantLR(optimizer, factor=0.5, total_iters=3)'],
    [
      'onecycle',
      { maxLr: 0.1, totalSteps: 50, threePhase: true, annealStrategy: 'linear' },
      "OneCycleLR(optimizer, max_lr=0.1, total_steps=50, pct_start=0.3, anneal_strategy='linear', cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25.0, final_div_factor=10000.0, three_phase=True)",
    ],
    [
      'sequential',
      { schedulers: [{ scheduler: 'linear', options: { startFactor: 0.5, totalIters: 2 } }, { scheduler: 'cosine', options: { tMax: 8 } }], milestones: [2] },
      'SequentialLR(optimizer, schedulers=[torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.5, end_factor=1.0, total_iters=2), torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=8, eta_min=0.0)], milestones=[2])',
    ],
  ] as const)('%s → %s', (name, options, want) => {
    expect(torchSchedulerCall(name, options as Record<string, unknown>)).toBe(`torch.optim.lr_scheduler.${want}`);
  });
});
