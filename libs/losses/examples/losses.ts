import assert from 'node:assert/strict';
import { tensor } from '@descent/core-tensor';
import * as A from '@descent/autodiff';
import { mse, crossEntropy, bceWithLogits, createLoss, l2Regularization } from '@descent/losses';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);

// Element-wise losses take the output and a target of the same shape; reduction 'mean' (default) or 'sum'.
const out = A.variable(tensor([[0.5, -1]], 'float64'));
close(mse(out, [[0, 1]]).item(), (0.25 + 4) / 2);
close(mse(out, [[0, 1]], { reduction: 'sum' }).item(), 4.25);
close(bceWithLogits(A.constant(tensor([[0]], 'float64')), [[1]]).item(), Math.log(2)); // sigmoid(0) = 1/2

// crossEntropy takes logits and class indices: log_softmax + nll, averaged over the rows.
const logits = A.variable(tensor([[0, 0, 0], [0, Math.log(3), 0]], 'float64'));
const ce = crossEntropy(logits, [2, 1]);
close(ce.item(), (Math.log(3) + Math.log(5 / 3)) / 2); // row 1: p = 1/3; row 2: p = 3/5
ce.backward();
// d ce / d logits = (softmax - onehot) / rows
const g = logits.grad!.toArray(2);
[[1 / 3, 1 / 3, -2 / 3], [1 / 5, -2 / 5, 1 / 5]].forEach((row, i) => row.forEach((v, j) => close(g[i][j], v / 2)));

// By name (snake_case works too), plus a penalty term: huber + 1e-3 · Σ out².
const huber = createLoss('smooth_l1', { beta: 1 });
const total = A.add(huber(out, [[0, 1]]), l2Regularization([out], 1e-3));
close(total.item(), (0.5 * 0.25 + (2 - 0.5)) / 2 + 1e-3 * (0.25 + 1));

assert.throws(() => mse(out, [[0, 1, 2]]), /mse: output shape \[1, 2\] and target shape \[1, 3\] differ/);
console.log('losses example ok: cross-entropy', ce.item().toFixed(6));
