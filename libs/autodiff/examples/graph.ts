import assert from 'node:assert/strict';
import { tensor } from '@descent/core-tensor';
import { variable, add, mul, sum, tanh, matmul, valueAndGrad, gradcheck, exportGraph, type Var } from '@descent/autodiff';

// f(x, y, z) = (x + y) · z at (−2, 5, −4): the lecture's graph.
const x = variable(tensor(-2, 'float64'), { name: 'x' });
const y = variable(tensor(5, 'float64'), { name: 'y' });
const z = variable(tensor(-4, 'float64'), { name: 'z' });
const f = mul(add(x, y), z);
f.backward();
assert.equal(f.item(), -12);
assert.deepEqual([x.grad?.item(), y.grad?.item(), z.grad?.item()], [-4, -4, 3]);

// A graph is used once, as in PyTorch: a second backward() throws unless the first kept it.
assert.throws(() => f.backward(), /retainGraph: true/);

// The graph with forward values and gradients, e.g. to draw it.
const g = exportGraph(f);
assert.deepEqual(g.nodes.map((n) => n.op), ['leaf', 'leaf', 'add', 'leaf', 'mul']);
assert.equal(g.edges.length, 4);

// Gradients of a scalar function of tensors.
const loss = (w: Var, b: Var): Var => sum(tanh(add(matmul(w, tensor([[1], [2]], 'float64')), b)));
const { value, grads } = valueAndGrad(loss)(tensor([[0.1, -0.2]], 'float64'), tensor([0.05], 'float64'));
assert.ok(Math.abs(value - Math.tanh(0.1 - 0.4 + 0.05)) < 1e-15);
assert.deepEqual(grads[0].shape, [1, 2]);

// Check them against finite differences.
const check = gradcheck(loss, [tensor([[0.1, -0.2]], 'float64'), tensor([0.05], 'float64')]);
assert.ok(check.ok, JSON.stringify(check.worst));
console.log('autodiff example ok', grads.map((t) => t.toFlat()));
