import assert from 'node:assert/strict';
import { tensor } from '@descent/core-tensor';
import { constant } from '@descent/autodiff';
import { Sequential, Linear, Sigmoid, backprop, forwardTrace, gradientFlow } from '@descent/layers';
import { mse } from '@descent/losses';

// A 2 → 3 → 1 sigmoid net and one sample: the four equations of backpropagation, written out in float64.
const net = new Sequential(new Linear(2, 3, { seed: 1, dtype: 'float64' }), new Sigmoid(), new Linear(3, 1, { seed: 2, dtype: 'float64' }), new Sigmoid());
const x = tensor([[0.5, -1.2]], 'float64');
const t = [[1]];

// Every layer's z and a (a forward pass that keeps them).
const trace = forwardTrace(net, x);
assert.deepEqual(trace.layers.map((l) => l.z.shape), [[1, 3], [1, 1]]);

// BP1 δᴸ = ∇ₐC ⊙ σ′(zᴸ); BP2 δˡ = (Wˡ⁺¹)ᵀδˡ⁺¹ ⊙ σ′(zˡ); BP3 ∂C/∂Wˡ = δˡ(aˡ⁻¹)ᵀ; BP4 ∂C/∂bˡ = δˡ.
const bp = backprop(net, x, t, { name: 'mse' });
assert.deepEqual(bp.layers.map((l) => l.equation), ['BP2', 'BP1']);

// The same gradients as autodiff's backward() on the same loss.
net.zeroGrad();
mse(net.forward(constant(x)), t).backward();
const [w1, b1, w2, b2] = net.parameters().map((p) => Array.from(p.grad!.data));
const close = (a: ArrayLike<number>, b: number[]) => Array.from(a).every((v, i) => Math.abs(v - b[i]) < 1e-12);
assert.ok(close(bp.layers[0].gradWeight.data, w1) && close(bp.layers[0].gradBias!.data, b1));
assert.ok(close(bp.layers[1].gradWeight.data, w2) && close(bp.layers[1].gradBias!.data, b2));

// How the gradient shrinks from layer to layer: σ′ ≤ 1/4 for a sigmoid, and BP2 bounds each step.
const flow = gradientFlow(bp);
assert.ok(flow.layers[0].maxSigmaPrime! <= 0.25);
assert.ok(flow.layers[0].ratio! <= flow.layers[0].bound! * (1 + 1e-12));
console.log('backprop example ok: C =', bp.loss.toFixed(4), '|δ¹| / |δ²| =', flow.layers[0].ratio!.toFixed(3));
