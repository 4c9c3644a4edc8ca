import type { LayerSpec } from '@descent/layers';
import type { RunSpec } from '@descent/train';
import type { RunConfig } from './legacy-config.js';

// The setup of a run saved by the Studio's first format, as the RunSpec it meant: a Dense card with an
// activation is two layers, 'mini' batches are 'minibatch', the schedule 'none' is no scheduler, and the Studio
// always trained in float32. The data seed was separate from the training seed, so it stays explicit.
export function legacySpec(c: RunConfig): RunSpec {
  const layers: LayerSpec[] = [];
  for (const l of c.model) {
    if (l.kind === 'dense') {
      layers.push({ type: 'dense', units: l.units });
      if (l.activation !== 'identity') layers.push({ type: 'activation', fn: l.activation });
    } else layers.push({ type: 'dropout', p: l.rate });
  }
  const d = c.data;
  const data: RunSpec['data'] =
    d.source === 'csv' && d.csv
      ? { csv: { text: d.csv.text, fileName: d.csv.fileName, target: d.csv.target, features: [...d.csv.features], task: d.csv.task }, testFraction: d.testFraction, seed: d.seed }
      : d.preset === 'iris'
        ? { preset: 'iris', testFraction: d.testFraction, seed: d.seed }
        : { preset: d.preset as never, options: { n: d.samples, noise: d.noise }, testFraction: d.testFraction, seed: d.seed };
  const t = c.training;
  const batch: RunSpec['batch'] = t.batch.mode === 'mini' ? { mode: 'minibatch', batchSize: t.batch.size } : { mode: t.batch.mode };
  return {
    seed: t.seed,
    data,
    model: { layers },
    loss: t.loss as RunSpec['loss'],
    optimizer: { name: t.optimizer.name, options: { ...t.optimizer.options } } as RunSpec['optimizer'],
    scheduler:
      t.schedule.name === 'none'
        ? null
        : ({ name: t.schedule.name, options: { ...t.schedule.options }, stepEvery: t.schedule.name === 'plateau' ? 'epoch' : t.schedule.stepEvery } as RunSpec['scheduler']),
    epochs: t.epochs,
    batch,
    dtype: 'float32',
  };
}
