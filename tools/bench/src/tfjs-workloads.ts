import * as tf from '@tensorflow/tfjs-core';
import { lcg, makeBatches, type MlpSpec, type Workload } from './workloads.js';

// The workloads written with TF.js as a user would (tfjs-core, any registered backend). No Node APIs here:
// the browser bench runs the same code in a Web Worker.

export function prepareTfjs(w: Workload): () => void {
  if (w.kind === 'matmul') {
    const r = lcg(w.n);
    const a = tf.tensor2d(Float32Array.from({ length: w.n * w.n }, () => r() - 0.5), [w.n, w.n]);
    const b = tf.tensor2d(Float32Array.from({ length: w.n * w.n }, () => r() - 0.5), [w.n, w.n]);
    return () => {
      const c = tf.matMul(a, b, w.transA, w.transB);
      c.dataSync();
      c.dispose();
    };
  }
  if (w.kind === 'op') {
    const a = tf.fill([w.size], 1), b = tf.fill([w.size], 2);
    return () => tf.add(a, b).dispose();
  }
  return mlpStep(w.spec);
}

function mlpStep(spec: MlpSpec): () => void {
  const r = lcg(7);
  const ws: tf.Variable[] = [], bs: tf.Variable[] = [];
  for (let i = 0; i + 1 < spec.sizes.length; i++) {
    const [fin, fout] = [spec.sizes[i], spec.sizes[i + 1]];
    const bound = 1 / Math.sqrt(fin); // PyTorch's default init, same as Descent's Linear
    ws.push(tf.variable(tf.tensor2d(Float32Array.from({ length: fin * fout }, () => (2 * r() - 1) * bound), [fin, fout])));
    bs.push(tf.variable(tf.tensor1d(Float32Array.from({ length: fout }, () => (2 * r() - 1) * bound))));
  }
  const opt = spec.optimizer === 'sgd' ? tf.train.sgd(spec.lr) : tf.train.adam(spec.lr);
  const inF = spec.sizes[0], outF = spec.sizes[spec.sizes.length - 1];
  const batches = makeBatches(spec).map((b) => ({
    x: tf.tensor2d(b.x, [spec.batch, inF]),
    y: spec.loss === 'mse' ? tf.tensor2d(b.y, [spec.batch, outF]) : tf.cast(tf.oneHot(tf.tensor1d(b.labels, 'int32'), outF), 'float32'),
  }));
  const act = spec.activation === 'tanh' ? tf.tanh : tf.relu;
  let i = 0;
  return () => {
    const b = batches[i++ % batches.length];
    const cost = opt.minimize(() => {
      let h: tf.Tensor = b.x;
      for (let l = 0; l < ws.length; l++) {
        h = tf.add(tf.matMul(h, ws[l]), bs[l]);
        if (l + 1 < ws.length) h = act(h);
      }
      return spec.loss === 'mse' ? tf.losses.meanSquaredError(b.y, h) : tf.losses.softmaxCrossEntropy(b.y, h);
    }, true);
    cost?.dataSync();
    cost?.dispose();
  };
}
