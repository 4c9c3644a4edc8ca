import { tensor } from '@descent/core-tensor';
import * as A from '@descent/autodiff';
import { Linear, buildModel, isActivationName } from '@descent/layers';
import { createLoss, isLossName, lossInfo } from '@descent/losses';
import { Checker, type CaseResult } from '../compare.js';

/** README section 5: one forward and backward pass of a fixture MLP in float64. */
export function runMlpGradCase(c: any): CaseResult {
  for (const l of c.layers as { type: string; fn?: string }[]) {
    if (l.type !== 'dense' && l.type !== 'activation') throw new Error(`unsupported: layer type "${l.type}"`);
    if (l.type === 'activation' && !isActivationName(l.fn)) throw new Error(`unsupported: activation "${l.fn}"`);
  }
  if (!isLossName(c.loss.type)) throw new Error(`unsupported: loss "${c.loss.type}"`);

  const net = buildModel({ layers: c.layers }, { dtype: 'float64' });
  const loss = createLoss(c.loss.type, { reduction: c.loss.reduction, ...(c.loss.options ?? {}) });
  const x = A.variable(tensor(c.x, 'float64'), { name: 'x' });
  const target = lossInfo(c.loss.type).target === 'classes' ? (c.y as number[]) : tensor(c.y, 'float64');

  const out = net.forward(x);
  const l = loss(out, target);
  l.backward();

  const ck = new Checker();
  ck.nested('output', out.value.data, out.shape, c.expected.output);
  ck.scalar('loss', l.item(), c.expected.loss);
  const dense = net.modules.filter((m): m is Linear => m instanceof Linear);
  const eg = c.expected.grads as { weight: number[][]; bias: number[] }[];
  if (eg.length !== dense.length) ck.fail(`grads: ${dense.length} dense layers, expected ${eg.length}`);
  eg.forEach((g, i) => {
    const layer = dense[i];
    if (!layer) return;
    const gw = layer.weight.grad, gb = layer.bias?.grad;
    if (!gw || !gb) return ck.fail(`grads[${i}]: no gradient reached dense layer ${i}`);
    ck.nested(`grads[${i}].weight`, gw.data, gw.shape, g.weight);
    ck.nested(`grads[${i}].bias`, gb.data, gb.shape, g.bias);
  });
  if (!x.grad) ck.fail('inputGrad: no gradient reached the input');
  else ck.nested('inputGrad', x.grad.data, x.grad.shape, c.expected.inputGrad);
  return ck.result();
}
