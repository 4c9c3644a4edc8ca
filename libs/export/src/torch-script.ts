import { OptionError, describeValue } from '@descent/core-tensor';
import type { LayerPlan } from '@descent/layers';
import { optimizerInfo, resolveOptions as resolveOptimizerOptions, type OptimizerName } from '@descent/optimizers';
import { resolveScheduleOptions, scheduleInfo, type ScheduleName } from '@descent/schedulers';
import { base64 } from './base64.js';
import { resolveInput, safeFileName, type ExportContext, type RunInput } from './input.js';
import { encodeNpz } from './npz.js';
import { pyComment, pyFloat, pyString, pyTuple, pyValue } from './python.js';
import { runData, type RunData } from './run-data.js';
import { PY_METRICS, SEQUENTIAL_PARTS, TORCH_ACTIVATIONS, TORCH_LOSSES, TORCH_OPTIMIZERS, TORCH_SCHEDULERS } from './torch-names.js';
import { EXPORT_VERSION } from './version.js';

// toPytorchScript: one self-contained Python file that trains a Descent run again in PyTorch, with the same
// numbers. What Descent drew at random (initial weights, split, batch orders, dropout masks) travels as data
// (a .npz archive, embedded in the script when small); everything else is written out as readable PyTorch:
// an nn.Sequential, a torch.optim optimizer with every hyperparameter, the scheduler, and the training loop of
// the fixtures README, section 6.

export interface TorchExportOptions extends ExportContext {
  /** Train in this dtype instead of the run's (the initial weights are drawn in it, as Descent would). */
  dtype?: 'float32' | 'float64';
  /** Largest data archive (bytes) embedded in the script as base64; a larger one is returned as `data`. Default 256 KiB. */
  embedLimit?: number;
  /** The script's file name, for its usage line and the default data file name (default `<name>.py`). */
  fileName?: string;
  /** File name the script loads its data from when it is not embedded (default: the script's name with .npz). */
  dataFileName?: string;
}

export interface TorchExport {
  /** The Python script. */
  script: string;
  /** The .npz archive to save next to the script as `dataFileName`, or null when the data is embedded. */
  data: Uint8Array | null;
  dataFileName?: string;
}

export const DEFAULT_EMBED_LIMIT = 256 * 1024;
const OWNER = 'toPytorchScript';

/** Option values of an optimizer as Python keywords, every option PyTorch takes (defaults filled in). */
export function torchOptimizerArgs(name: OptimizerName, options: Record<string, unknown> = {}): string[] {
  const o = resolveOptimizerOptions(name, options as never) as unknown as Record<string, unknown>;
  const info = optimizerInfo(name);
  const t = TORCH_OPTIMIZERS[name];
  const args = t.options.map(([d, py]) => {
    const meta = info.options.find((m) => m.name === d);
    const v = o[d];
    return `${py}=${meta?.kind === 'pair' ? pyTuple(v as number[]) : pyValue(v)}`;
  });
  for (const [k, v] of t.extra ?? []) args.push(`${k}=${v}`);
  return args;
}

const INT_WHEN_WHOLE = new Set(['tMax', 'stepSizeUp', 'stepSizeDown']);

/** A scheduler's constructor call, e.g. `StepLR(optimizer, step_size=10, gamma=0.5)`; `at` locates errors. */
export function torchSchedulerCall(name: Exclude<ScheduleName, 'lambda'>, options: Record<string, unknown>, at: (string | number)[] = ['scheduler']): string {
  const t = TORCH_SCHEDULERS[name];
  if (!t) throw new OptionError(OWNER, 'name', `has no PyTorch scheduler: ${describeValue(name)}`, { path: [...at, 'name'], value: name });
  const o = resolveScheduleOptions(name, options as never) as unknown as Record<string, unknown>;
  const info = scheduleInfo(name);
  if (name === 'sequential') {
    const parts = o.schedulers as { scheduler: ScheduleName; options: Record<string, unknown> }[];
    const calls = parts.map((s, i) => {
      if (!SEQUENTIAL_PARTS.includes(s.scheduler)) {
        throw new OptionError(OWNER, 'schedulers', `entry ${i} is ${describeValue(s.scheduler)}: only ${SEQUENTIAL_PARTS.join(', ')} are exported inside sequential (PyTorch's SequentialLR restarts them from their closed form, as Descent does)`, {
          path: [...at, 'options', 'schedulers', i, 'scheduler'],
          value: s.scheduler,
        });
      }
      return torchSchedulerCall(s.scheduler as Exclude<ScheduleName, 'lambda'>, s.options, [...at, 'options', 'schedulers', i]);
    });
    return `torch.optim.lr_scheduler.SequentialLR(optimizer, schedulers=[${calls.join(', ')}], milestones=${pyValue(o.milestones, true)})`;
  }
  const args = t.options.map(([d, py]) => {
    const kind = info.options.find((m) => m.name === d)?.kind;
    const v = o[d];
    const int = kind === 'integer' || kind === 'integers' || (INT_WHEN_WHOLE.has(d) && typeof v === 'number' && Number.isInteger(v));
    return `${py}=${pyValue(v, int)}`;
  });
  return `torch.optim.lr_scheduler.${t.cls}(optimizer, ${args.join(', ')})`;
}

/** A layer as a torch.nn module expression. */
function torchLayer(p: LayerPlan, i: number, d: RunData): string {
  if (p.type === 'dense') return `nn.Linear(${p.in}, ${p.out}${p.useBias ? '' : ', bias=False'})`;
  if (p.type === 'dropout') {
    const stored = d.dropouts.find((s) => s.layer === i);
    return stored ? `ReplayDropout(${pyFloat(p.p)}, data[${pyString(stored.key)}], rows=EPOCHS * N_TRAIN, width=${stored.width})` : `nn.Dropout(${pyFloat(p.p)})`;
  }
  const t = TORCH_ACTIVATIONS[p.fn];
  const args = t.options.map(([k, py]) => `${py}=${pyValue(p.options[k], k === 'dim')}`);
  return `nn.${t.module}(${args.join(', ')})`;
}

const indent = (lines: string[], by = '    '): string[] => lines.map((l) => (l ? by + l : l));

/** What one epoch of this run looks like, in words (for the settings comment). */
function batchWords(d: RunData): string {
  const t = d.trainer;
  const b = t.options.batch;
  const per = `${d.nTrain} training rows, ${t.batchesPerEpoch} batch${t.batchesPerEpoch === 1 ? '' : 'es'} per epoch`;
  if (b.mode === 'full') return `full batch (vanilla gradient descent): ${per}`;
  if (b.mode === 'sgd') return `one row per step (stochastic gradient descent): ${per}`;
  const last = d.nTrain - (t.batchesPerEpoch - 1) * t.batchSize;
  return `mini-batches: ${per}${last !== t.batchSize ? `, the last one of ${last}` : ''}`;
}

const REPLAY_DROPOUT = `
class ReplayDropout(nn.Dropout):
    """nn.Dropout that zeroes exactly the elements Descent zeroed. The masks of the whole run are stored as
    data: one row per training sample per epoch, in the order the batches came. Use nn.Dropout(p) instead to
    let PyTorch draw its own masks (the run then no longer matches Descent's numbers)."""

    def __init__(self, p, packed_masks, rows, width):
        super().__init__(p)
        keep = np.unpackbits(packed_masks, count=rows * width).reshape(rows, width).astype(bool)
        self.register_buffer('keep', torch.from_numpy(keep), persistent=False)
        self.next_row = 0

    def forward(self, x):
        if not self.training:
            return x  # eval mode: dropout is off
        keep = self.keep[self.next_row:self.next_row + x.shape[0]]
        self.next_row += x.shape[0]
        # Inverted dropout, as Descent computes it: kept elements times 1/(1-p), dropped ones times 0.
        return x * (keep.to(x.dtype) * (1.0 / (1.0 - self.p)))
`;

const EARLY_STOPPING = `
class EarlyStopping:
    """Descent's early stopping: stop after \`patience\` epochs in a row without an improvement of the metric
    by more than \`min_delta\`; optionally put back the weights of the best epoch."""

    def __init__(self, mode, patience, min_delta, restore_best):
        self.mode, self.patience, self.min_delta, self.restore_best = mode, patience, min_delta, restore_best
        self.best_epoch = None  # None: no epoch yet; 0: only non-finite values so far
        self.best_value = None
        self.best_state = None
        self.wait = 0

    def improves(self, value):
        if self.mode == 'min':
            return value < self.best_value - self.min_delta
        return value > self.best_value + self.min_delta

    def update(self, epoch, value, model):
        """After an epoch: True when the patience has run out."""
        if value is not None and math.isfinite(value) and (not self.best_epoch or self.improves(value)):
            self.best_epoch, self.best_value, self.wait = epoch, value, 0
            if self.restore_best:
                self.best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            return False
        if self.best_epoch is None:
            self.best_epoch, self.best_value = 0, math.inf if self.mode == 'min' else -math.inf
        self.wait += 1
        return self.wait >= self.patience
`;

function header(d: RunData, name: string, embedded: boolean, dataFile: string, file: string, hasCheck: boolean): string[] {
  const drawn = `The initial weights, the train/test split${d.trainer.options.shuffle ? ', the order of the rows in every epoch' : ''}${d.dropouts.length ? ' and the dropout masks' : ''}`;
  const text = `${name}: a Descent run exported to PyTorch by @descent/export ${EXPORT_VERSION}.

This script trains the same network on the same data with the same settings as the Descent run, and gets
the same numbers: in float64 to about 1e-12 relative, in float32 to about 1e-5 (float32 kernels round
differently). What Descent drew at random is stored as data, not drawn again (PyTorch's random generator
plays no part):
${drawn}.

The data is ${embedded ? 'embedded at the end of this file (a .npz archive in base64)' : `in ${dataFile}, next to this file (--data to give another path)`}.

    python3 ${file} [--device cpu|cuda] [--verbose]${hasCheck ? ' [--check]' : ''}

It prints one line per epoch, "epoch <n> loss <train loss>": the mean of the epoch's batch losses, in full
precision (Python's repr). Needs Python 3, numpy and torch >= 1.13 (nothing newer is used).`;
  return ['#!/usr/bin/env python3', pyComment(text), '', 'import argparse', 'import base64', 'import io', 'import math', 'import sys', 'from pathlib import Path', '', 'import numpy as np', 'import torch', 'from torch import nn'];
}

function settings(d: RunData, name: string, embedded: boolean, dataFile: string): string[] {
  const o = d.trainer.options;
  const seedUse = `Descent's seed: it drew ${d.dropouts.length ? 'the weights, the split, the batch orders and the dropout masks' : o.shuffle ? 'the weights, the split and the batch orders' : 'the weights and the split'} (stored as data)`;
  const lines = [
    '',
    '# The run, as its Descent spec has it ' + '-'.repeat(69),
    `NAME = ${pyString(name)}`,
    `SEED = ${o.seed}  # ${seedUse}`,
    `EPOCHS = ${o.epochs}`,
    `BATCH_SIZE = ${d.trainer.batchSize}  # ${batchWords(d)}`,
    `SHUFFLE = ${o.shuffle ? "True  # a new order of the training rows every epoch: data['batch_order'][epoch - 1]" : 'False  # every epoch visits the rows in index order'}`,
    `DTYPE = torch.${d.dtype}`,
    `N_TRAIN = ${d.nTrain}  # training rows; ${d.nTest ? `${d.nTest} test rows` : 'no test set'}`,
    `STANDARDIZE = ${d.standardized ? 'True  # features scaled with the mean and std of the training rows' : 'False'}`,
  ];
  if (d.hasLabels) lines.push(`THRESHOLD = ${pyFloat(d.trainer.loss.info.expects === 'logits' ? 0 : 0.5)}  # a single output above this is class 1 (${d.trainer.loss.info.expects === 'logits' ? 'a logit' : 'a probability or 0/1 value'})`);
  lines.push(`DATA_FILE = ${embedded ? 'None  # the data is embedded: EMBEDDED_DATA at the end' : pyString(dataFile)}`);
  return lines;
}

function modelPart(d: RunData): string[] {
  const layers = d.plans.map((p, i) => `${torchLayer(p, i, d)},  # ${i}`);
  return [
    '',
    '',
    'def build_model(data):',
    '    """The network layer for layer as in Descent (Descent\'s layer i is model[i], so the weights have the same',
    '    names: 0.weight, 0.bias, ...). Its initial weights are loaded from the data in main()."""',
    '    return nn.Sequential(',
    ...indent(layers, '        '),
    '    )',
  ];
}

function optimizerPart(d: RunData): string[] {
  const o = d.trainer.options;
  const name = o.optimizer.name;
  const args = torchOptimizerArgs(name, o.optimizer.options);
  const t = TORCH_OPTIMIZERS[name];
  const lines = ['', '', 'def make_optimizer(params):', `    # Descent's '${name}', with every option PyTorch takes (PyTorch's names; the defaults filled in).`];
  for (const [k, , why] of t.extra ?? []) lines.push(`    # ${k}: ${why}.`);
  lines.push(`    return torch.optim.${t.cls}(params, ${args.join(', ')})`);
  return lines;
}

function schedulerPart(d: RunData): string[] {
  const s = d.trainer.options.scheduler;
  if (!s) return [];
  const call = torchSchedulerCall(s.name as Exclude<ScheduleName, 'lambda'>, s.options);
  const lines = ['', '', 'def make_scheduler(optimizer):'];
  const when = s.name === 'plateau' ? `after every epoch, with the epoch's ${PY_METRICS[s.metric ?? 'trainLoss']}` : s.stepEvery === 'batch' ? 'after every optimizer step (per batch)' : 'after every epoch';
  lines.push(`    # Stepped ${when}.`);
  if (s.name === 'cyclic' || s.name === 'onecycle') {
    lines.push("    # It sets the optimizer's lr when it is built: the lr given to the optimizer is not used.");
    if (s.options.cycleMomentum !== false) {
      if (s.name === 'cyclic') {
        lines.push("    # cycle_momentum=True: it also sets the optimizer's momentum at every step, inversely to the lr (PyTorch");
        lines.push("    # 1.13's CyclicLR cycles only optimizers with a momentum option: SGD, RMSprop).");
      } else {
        lines.push('    # cycle_momentum=True: it also sets the momentum (SGD, RMSprop) or beta1 (Adam family) at every step,');
        lines.push('    # inversely to the lr.');
      }
    }
  }
  lines.push(`    return ${call}`);
  return lines;
}

function lossPart(d: RunData): string[] {
  const l = d.trainer.options.loss;
  const t = TORCH_LOSSES[l.name];
  const opts = d.trainer.loss.options as Record<string, unknown>;
  const args = t.options.map(([k, py]) => `${py}=${pyValue(opts[k] ?? (k === 'reduction' ? 'mean' : undefined))}`);
  const target = d.classTargets ? 'class indices' : 'float targets';
  return ['', '', `loss_fn = nn.${t.module}(${args.join(', ')})  # Descent's '${l.name}', on ${target}`];
}

function helpers(d: RunData): string[] {
  const lines = [
    '',
    '',
    'def load_arrays(data_path):',
    '    """Descent\'s arrays: the data set, its split, the initial weights and what was drawn at random."""',
    '    if EMBEDDED_DATA is not None:',
    '        return dict(np.load(io.BytesIO(base64.b64decode(EMBEDDED_DATA))))',
    '    return dict(np.load(data_path or Path(__file__).with_name(DATA_FILE)))',
    '',
    '',
    'def rows_of(data, rows, device):',
    '    """Features, targets (and class labels) of some rows of the data set, as the run used them."""',
    "    x = data['x'][rows]",
    '    if STANDARDIZE:',
    "        x = (x - data['standardize_mean']) / data['standardize_std']  # the training rows' mean and std",
    '    features = torch.from_numpy(x).to(device=device, dtype=DTYPE)',
    d.hasLabels ? "    labels = torch.from_numpy(data['labels'][rows]).long().to(device)" : '    labels = None  # regression: no classes',
    d.classTargets ? '    targets = labels' : "    targets = torch.from_numpy(data['y'][rows]).to(device=device, dtype=DTYPE)",
    '    return features, targets, labels',
  ];
  if (d.hasLabels) {
    lines.push(
      '',
      '',
      'def accuracy(out, labels):',
      '    """Fraction of rows whose predicted class is the label: the arg-max of several outputs, or one output',
      '    above THRESHOLD, as Descent decides."""',
      '    predicted = (out[:, 0] > THRESHOLD).long() if out.shape[1] == 1 else out.argmax(dim=1)',
      '    return (predicted == labels).sum().item() / len(labels)',
    );
  }
  lines.push(
    '',
    '',
    'def evaluate(model, features, targets, labels):',
    '    """Loss and accuracy of a whole set, in eval mode (dropout off) and without a graph."""',
    '    model.eval()',
    '    with torch.no_grad():',
    '        out = model(features)',
    '        loss = loss_fn(out, targets).item()',
    d.hasLabels ? '        acc = accuracy(out, labels)' : '        acc = None',
    '    model.train()',
    '    return loss, acc',
  );
  return lines;
}

function mainPart(d: RunData, hasCheck: boolean, embedded: boolean): string[] {
  const o = d.trainer.options;
  const s = o.scheduler;
  const es = o.earlyStopping;
  const clip = o.optimizer;
  const tol = d.dtype === 'float64' ? '1e-10' : '1e-4';
  const L: string[] = [
    '',
    '',
    'def main():',
    "    parser = argparse.ArgumentParser(description=f'Train {NAME} in PyTorch exactly as Descent trained it.')",
    "    parser.add_argument('--device', default='cpu', help=\"'cpu' (default) or 'cuda'\")",
  ];
  if (!embedded) L.push("    parser.add_argument('--data', help=f'the data file (default: {DATA_FILE} next to this script)')");
  L.push("    parser.add_argument('--verbose', action='store_true', help='also print the test loss, accuracies and lr of every epoch')");
  if (hasCheck) L.push(`    parser.add_argument('--check', action='store_true', help='compare the epoch losses with the Descent run (relative ${tol})')`);
  L.push(
    '    args = parser.parse_args()',
    "    if args.device.startswith('cuda') and not torch.cuda.is_available():",
    "        sys.exit('CUDA is not available here: run with --device cpu')",
    '    device = torch.device(args.device)',
    '    # On a GPU the run is the same, but its kernels round differently: expect agreement to about 1e-6, not 1e-12.',
    '    torch.set_default_dtype(DTYPE)',
    '',
    `    data = load_arrays(${embedded ? 'None' : 'args.data'})`,
    "    x_train, y_train, train_labels = rows_of(data, data['train_rows'], device)",
  );
  if (d.nTest) L.push("    x_test, y_test, test_labels = rows_of(data, data['test_rows'], device)");
  L.push(
    '',
    '    model = build_model(data).to(device)',
    "    # The initial weights Descent drew from its seed, in place of PyTorch's own random init.",
    "    model.load_state_dict({key: torch.from_numpy(data['init.' + key]) for key in model.state_dict()})",
    '    optimizer = make_optimizer(model.parameters())',
  );
  if (s) L.push('    scheduler = make_scheduler(optimizer)  # built after the optimizer, as in Descent');
  if (es) {
    L.push(`    early_stopping = EarlyStopping(mode=${pyString(es.mode)}, patience=${es.patience}, min_delta=${pyFloat(es.minDelta)}, restore_best=${es.restoreBest ? 'True' : 'False'})  # on ${PY_METRICS[es.metric]}`);
  }
  if (o.shuffle) L.push("    order = torch.from_numpy(data['batch_order'].astype(np.int64)).to(device)  # Descent's order of every epoch");
  L.push(
    '',
    '    # Several GPUs or machines: torch.distributed can run this loop in every process (started by torchrun),',
    "    # after torch.distributed.init_process_group('nccl') and model = nn.parallel.DistributedDataParallel(model),",
    '    # each process taking its share of every batch (idx[rank::world_size]). DDP averages the gradients, which',
    "    # equals this run's gradient only for equal shares and a mean loss, so it matches Descent only up to rounding.",
    '    for epoch in range(1, EPOCHS + 1):',
    o.shuffle ? '        rows = order[epoch - 1]' : '        rows = torch.arange(N_TRAIN, device=device)  # index order',
    '        losses = []',
    '        for start in range(0, N_TRAIN, BATCH_SIZE):',
    '            idx = rows[start:start + BATCH_SIZE]',
    "            lr = optimizer.param_groups[0]['lr']  # the lr this step uses",
    '            optimizer.zero_grad()',
    '            loss = loss_fn(model(x_train[idx]), y_train[idx])  # the batch loss, before the step',
    '            value = loss.item()',
    '            if not math.isfinite(value):',
    "                print(f'diverged at epoch {epoch} batch {len(losses) + 1}: loss {value!r}')",
    '                return',
    '            loss.backward()',
  );
  if (clip.clipValue !== undefined) L.push(`            torch.nn.utils.clip_grad_value_(model.parameters(), ${pyFloat(clip.clipValue)})  # Descent's clipValue`);
  if (clip.clipNorm !== undefined) L.push(`            torch.nn.utils.clip_grad_norm_(model.parameters(), ${pyFloat(clip.clipNorm)})  # Descent's clipNorm (after clipValue)`);
  L.push('            optimizer.step()', '            losses.append(value)');
  if (s && s.stepEvery === 'batch') L.push('            scheduler.step()  # per batch: right after every optimizer step');
  L.push(
    '        total = 0.0',
    "        for value in losses:  # summed in batch order (Python's sum() compensates rounding from 3.12 on)",
    '            total += value',
    '        train_loss = total / len(losses)  # every batch counts once, the last partial one too',
    d.hasLabels ? '        _, train_accuracy = evaluate(model, x_train, y_train, train_labels)' : '        train_accuracy = None',
    d.nTest ? '        test_loss, test_accuracy = evaluate(model, x_test, y_test, test_labels)' : '        test_loss, test_accuracy = None, None',
    "        metrics = {'train_loss': train_loss, 'test_loss': test_loss, 'train_accuracy': train_accuracy, 'test_accuracy': test_accuracy}",
  );
  if (s && s.stepEvery === 'epoch') {
    if (s.name === 'plateau') {
      L.push(
        `        metric = metrics[${pyString(PY_METRICS[s.metric ?? 'trainLoss'])}]`,
        '        if metric is not None and math.isfinite(metric):',
        '            scheduler.step(metric)  # per epoch, with the metric it watches',
      );
    } else L.push('        scheduler.step()  # per epoch: after the epoch');
  }
  if (es) L.push(`        stop = early_stopping.update(epoch, metrics[${pyString(PY_METRICS[es.metric])}], model)`);
  L.push(
    "        line = f'epoch {epoch} loss {train_loss!r}'",
    '        if args.verbose:',
    "            line += ''.join(f' {k} {v!r}' for k, v in metrics.items() if k != 'train_loss' and v is not None)",
    "            line += f' lr {lr!r}'",
    '        print(line)',
  );
  if (hasCheck) L.push('        epoch_losses.append(train_loss)');
  if (es) {
    L.push(
      '        if stop:',
      '            if early_stopping.restore_best and early_stopping.best_state is not None:',
      '                model.load_state_dict(early_stopping.best_state)',
      "            print(f'stopped early after epoch {epoch}: best epoch {early_stopping.best_epoch}')",
      '            break',
    );
  }
  if (hasCheck) {
    // The check list is filled by the loop; declare it before the loop.
    const at = L.indexOf('    for epoch in range(1, EPOCHS + 1):');
    L.splice(at, 0, '    epoch_losses = []');
    L.push(
      '    if args.check:',
      "        expected = data['descent.epoch_loss']",
      '        worst = max((abs(a - b) / max(abs(b), 1e-300) for a, b in zip(epoch_losses, expected)), default=0.0)',
      `        ok = len(epoch_losses) == len(expected) and worst <= ${tol}`,
      "        print(f'check: {len(epoch_losses)} epochs here, {len(expected)} in the Descent run; largest relative difference {worst!r}: {\"ok\" if ok else \"DIFFERENT\"}')",
      '        if not ok:',
      '            sys.exit(1)',
    );
  }
  return L;
}

/**
 * A Python script that trains the run again in PyTorch (torch >= 1.13) with the same numbers, from a run spec
 * or a run record with its spec. Small data is embedded in the script; larger data comes back as `data`, a
 * .npz archive to save next to it as `dataFileName`. Features PyTorch cannot reproduce are refused with an
 * OptionError naming the option.
 */
export function toPytorchScript(input: RunInput, options: TorchExportOptions = {}): TorchExport {
  const { dtype, embedLimit = DEFAULT_EMBED_LIMIT, dataFileName, fileName, ...ctx } = options;
  if (typeof embedLimit !== 'number' || !(embedLimit >= 0)) throw new OptionError(OWNER, 'embedLimit', `must be a number of bytes at least 0, got ${describeValue(embedLimit)}`, { value: embedLimit });
  const { spec, record, name } = resolveInput(OWNER, input, dtype);
  const d = runData(OWNER, spec, ctx, record);
  const npz = encodeNpz(d.arrays);
  const embedded = npz.length <= embedLimit;
  const file = fileName ?? `${safeFileName(name)}.py`;
  const dataFile = dataFileName ?? `${file.replace(/\.py$/i, '')}.npz`;
  if (!embedded && (typeof dataFile !== 'string' || dataFile === '' || /[\\/]/.test(dataFile))) {
    throw new OptionError(OWNER, 'dataFileName', `must be a file name without a directory, got ${describeValue(dataFile)}`, { value: dataFile });
  }
  const hasCheck = record !== null;
  const lines = [
    ...header(d, name, embedded, dataFile, file, hasCheck),
    ...settings(d, name, embedded, dataFile),
    ...(d.dropouts.length ? ['', '', ...REPLAY_DROPOUT.trim().split('\n')] : []),
    ...(d.trainer.options.earlyStopping ? ['', '', ...EARLY_STOPPING.trim().split('\n')] : []),
    ...modelPart(d),
    ...optimizerPart(d),
    ...schedulerPart(d),
    ...lossPart(d),
    ...helpers(d),
    ...mainPart(d, hasCheck, embedded),
    '',
    '',
  ];
  if (embedded) {
    lines.push('# Descent\'s arrays (numpy .npz, base64): the data set, its split, the initial weights and the random choices.', `EMBEDDED_DATA = """`, base64(npz, 100), '"""');
  } else lines.push('EMBEDDED_DATA = None  # the data is in DATA_FILE');
  lines.push('', '', "if __name__ == '__main__':", '    main()', '');
  const script = lines.join('\n');
  return embedded ? { script, data: null } : { script, data: npz, dataFileName: dataFile };
}
