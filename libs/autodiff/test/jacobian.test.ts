import { spawnSync } from 'node:child_process';
import { assert, describe, expect, it } from 'vitest';
import { TensorError, tensor, type Tensor } from '@descent/core-tensor';
import * as A from '../src/index.js';
import { hessian, jacobian, type Var } from '../src/index.js';

// The reference is PyTorch itself: torch.autograd.functional.jacobian on the same functions, through Debian's
// python3-torch under the system interpreter (what .ci/run installs).
const PYTHON = '/usr/bin/python3';

function torchJacobians(): Record<string, { shape: number[]; values: number[] }> {
  const script = String.raw`
import json, torch
torch.set_default_dtype(torch.float64)
J = torch.autograd.functional.jacobian
out = {}
def put(name, t):
    out[name] = {'shape': list(t.shape), 'values': t.reshape(-1).tolist()}
x = torch.tensor([0.3, -1.2, 2.0])
put('vec', J(lambda x: torch.stack([torch.sin(x[0]) * x[1], x[0] ** 2 + x[2] ** 3, torch.tanh(x[0] - x[1])]), x))
W = torch.tensor([[0.5, -1.0, 0.25], [2.0, 0.1, -0.3]])
b = torch.tensor([0.1, -0.2])
put('layer', J(lambda x: torch.tanh(W @ x + b), x))
M = torch.tensor([[1.0, 2.0], [3.0, -1.0]])
jw, jv = J(lambda w, v: torch.sigmoid(w @ v), (M, torch.tensor([0.5, -0.25])))
put('pair.w', jw); put('pair.v', jv)
put('scalar', J(lambda x: (x ** 2).sum(), x))
put('matrix', J(lambda m: m.t() * 3, M))
print(json.dumps(out))
`;
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('PYTHON')) delete env[k];
  const r = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', env });
  if (r.error || r.status !== 0) assert.fail(`PyTorch is needed for this test (apt-get install python3-torch): ${r.error?.message ?? r.stderr.trim().split('\n').at(-1)}`);
  return JSON.parse(r.stdout);
}

const f64 = (v: number[] | number[][]) => tensor(v, 'float64');
const near = (t: Tensor, ref: { shape: number[]; values: number[] }) => {
  expect(t.shape).toEqual(ref.shape);
  t.data.forEach((v, i) => expect(Math.abs(v - ref.values[i])).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(ref.values[i]))));
};

describe('jacobian (PyTorch semantics: shape out ++ in)', () => {
  const ref = torchJacobians();
  const x = f64([0.3, -1.2, 2.0]);
  const pick = (v: Var, i: number) => A.reshape(A.sliceRows(A.reshape(v, [3, 1]), i, i + 1), []);

  it('a vector function of a vector', () => {
    near(
      jacobian((v) => {
        const [a, b, c] = [pick(v, 0), pick(v, 1), pick(v, 2)];
        return A.concat([A.reshape(A.mul(A.sin(a), b), [1]), A.reshape(A.add(A.pow(a, 2), A.pow(c, 3)), [1]), A.reshape(A.tanh(A.sub(a, b)), [1])], 0);
      }, x),
      ref.vec,
    );
  });

  it('a layer tanh(Wx + b), several inputs, a scalar, and a matrix input', () => {
    const W = f64([[0.5, -1.0, 0.25], [2.0, 0.1, -0.3]]), b = f64([0.1, -0.2]);
    near(jacobian((v) => A.tanh(A.add(A.reshape(A.matmul(W, A.reshape(v, [3, 1])), [2]), b)), x), ref.layer);
    const M = f64([[1, 2], [3, -1]]);
    const [jw, jv] = jacobian((w, v) => A.sigmoid(A.reshape(A.matmul(w, A.reshape(v, [2, 1])), [2])), [M, f64([0.5, -0.25])]);
    near(jw, ref['pair.w']);
    near(jv, ref['pair.v']);
    near(jacobian((v) => A.sum(A.square(v)), x), ref.scalar);
    near(jacobian((m) => A.mul(A.transpose(m), 3), M), ref.matrix);
  });

  it('an output that does not depend on the input gives zeros; bad input is named', () => {
    expect(Array.from(jacobian(() => A.constant(f64([1, 2])), x).data)).toEqual(new Array(6).fill(0));
    expect(() => jacobian((v) => v, [1, 2] as never)).toThrow(TensorError);
    expect(() => jacobian(() => 3 as never, x)).toThrow(/jacobian: f must return an autodiff Var, got 3/);
  });
});

describe('hessian (central differences of the autodiff gradient)', () => {
  it('Rosenbrock: matches the analytic Hessian to 1e-6 relative, and is symmetric', () => {
    const rosen = (v: Var) => {
      const x = A.reshape(A.sliceRows(A.reshape(v, [2, 1]), 0, 1), []), y = A.reshape(A.sliceRows(A.reshape(v, [2, 1]), 1, 2), []);
      return A.add(A.square(A.sub(1, x)), A.mul(100, A.square(A.sub(y, A.square(x)))));
    };
    for (const [px, py] of [[-1.2, 1], [1, 1], [0.5, -0.3]]) {
      const H = hessian(rosen, f64([px, py]));
      const exact = [2 - 400 * (py - px * px) + 800 * px * px, -400 * px, -400 * px, 200];
      H.data.forEach((v, i) => expect(Math.abs(v - exact[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(exact[i]))));
      expect(H.data[1]).toBe(H.data[2]);
    }
  });

  it('checks its arguments', () => {
    expect(() => hessian((v) => A.sum(v), f64([[1, 2]]))).toThrow(/hessian: x must be a vector, got shape \[1, 2\]/);
    expect(() => hessian((v) => v, f64([1, 2]))).toThrow(/hessian: f must return one value, got shape \[2\]/);
    expect(() => hessian((v) => A.sum(v), f64([1]), { h: 0 })).toThrow(/hessian: h must be a positive number, got 0/);
  });
});
