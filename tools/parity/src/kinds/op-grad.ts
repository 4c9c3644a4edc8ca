import { fromArray, type Tensor } from '@descent/core-tensor';
import * as A from '@descent/autodiff';
import { Checker, type CaseResult } from '../compare.js';

interface Arr { shape: number[]; data: number[] }
type Opts = Record<string, any> | undefined;

const t64 = (a: Arr): Tensor => fromArray(a.data, a.shape, 'float64');

/** Apply one fixture op (README 7.1) to autodiff values. */
function apply(op: string, args: A.Var[], o: Opts): A.Var {
  const [x, y] = args;
  switch (op) {
    case 'add': return A.add(x, y);
    case 'sub': return A.sub(x, y);
    case 'mul': return A.mul(x, y);
    case 'div': return A.div(x, y);
    case 'matmul': return A.matmul(x, y);
    case 'pow': return args.length === 2 ? A.pow(x, y) : A.pow(x, o!.exponent);
    case 'exp': return A.exp(x);
    case 'log': return A.log(x);
    case 'sqrt': return A.sqrt(x);
    case 'tanh': return A.tanh(x);
    case 'sigmoid': return A.sigmoid(x);
    case 'relu': return A.relu(x);
    case 'abs': return A.abs(x);
    case 'neg': return A.neg(x);
    case 'sum': return o?.dim === undefined ? A.sum(x) : A.sum(x, o.dim, !!o.keepdim);
    case 'mean': return o?.dim === undefined ? A.mean(x) : A.mean(x, o.dim, !!o.keepdim);
    case 'max': return A.max(x, o!.dim, !!o!.keepdim);
    case 'transpose': return A.transpose(x);
    case 'reshape': return A.reshape(x, o!.shape);
    case 'broadcast_add': return A.add(y, x); // out[i][j] = M[i][j] + v[j]
    case 'softmax': return A.softmax(x, o!.dim);
    case 'logsumexp': return A.logsumexp(x, o!.dim, !!o!.keepdim);
    case 'clamp': return A.clamp(x, o?.min ?? undefined, o?.max ?? undefined);
    default: throw new Error(`unsupported: op "${op}"`);
  }
}

export function runOpGradCase(c: any): CaseResult {
  const inputs = (c.inputs as Arr[]).map((a) => A.variable(t64(a)));
  let out: A.Var;
  if (c.op === 'graph') {
    const values: A.Var[] = [...inputs];
    for (const n of c.nodes as { op: string; args: number[]; options?: Opts }[]) values.push(apply(n.op, n.args.map((i) => values[i]), n.options));
    out = values[values.length - 1];
  } else {
    out = apply(c.op, inputs, c.options);
  }
  const ck = new Checker();
  ck.shape('output.shape', out.shape, c.expected.output.shape);
  ck.numbers('output', out.value.data, c.expected.output.data);
  out.backward(t64(c.seedGrad));
  (c.expected.grads as Arr[]).forEach((g, i) => {
    const got = inputs[i].grad;
    if (!got) return ck.fail(`grads[${i}]: no gradient reached this input`);
    ck.shape(`grads[${i}].shape`, got.shape, g.shape);
    ck.numbers(`grads[${i}]`, got.data, g.data);
  });
  return ck.result();
}
