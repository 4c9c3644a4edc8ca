// `optimizer` cases (fixtures README section 3): run OUR optimizer on a closed-form objective in float64
// and compare every iterate of the trajectory.
import { Tensor } from '@descent/core-tensor';
import { BoundOptimizer, createOptimizer, isOptimizerName, type Parameter } from '@descent/optimizers';
import { Checker, type CaseResult } from '../compare.js';

interface OptimizerCase {
  name: string;
  optimizer: string;
  options: Record<string, unknown>;
  objective: string;
  A?: number[][];
  b?: number[];
  init: number[];
  steps: number;
  trajectory: number[][];
}

type Gradient = (p: Float64Array, g: Float64Array) => void;

/** Exact gradients of the objectives (README 3.1), written into g. */
function gradientOf(c: OptimizerCase): Gradient {
  const two = (name: string, f: (x: number, y: number, g: Float64Array) => void): Gradient => {
    if (c.init.length !== 2) throw new Error(`${name} is 2-d, init has ${c.init.length} entries`);
    return (p, g) => f(p[0], p[1], g);
  };
  switch (c.objective) {
    case 'rosenbrock':
      return two('rosenbrock', (x, y, g) => {
        g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
        g[1] = 200 * (y - x * x);
      });
    case 'beale':
      return two('beale', (x, y, g) => {
        const t1 = 1.5 - x + x * y;
        const t2 = 2.25 - x + x * y * y;
        const t3 = 2.625 - x + x * y * y * y;
        g[0] = 2 * t1 * (y - 1) + 2 * t2 * (y * y - 1) + 2 * t3 * (y * y * y - 1);
        g[1] = 2 * t1 * x + 4 * t2 * x * y + 6 * t3 * x * y * y;
      });
    case 'booth':
      return two('booth', (x, y, g) => {
        const a = x + 2 * y - 7;
        const b = 2 * x + y - 5;
        g[0] = 2 * a + 4 * b;
        g[1] = 4 * a + 2 * b;
      });
    case 'himmelblau':
      return two('himmelblau', (x, y, g) => {
        const a = x * x + y - 11;
        const b = x + y * y - 7;
        g[0] = 4 * x * a + 2 * b;
        g[1] = 2 * a + 4 * y * b;
      });
    case 'matyas':
      return two('matyas', (x, y, g) => {
        g[0] = 0.52 * x - 0.48 * y;
        g[1] = 0.52 * y - 0.48 * x;
      });
    case 'quadratic': {
      const { A, b } = c;
      const n = c.init.length;
      if (!A || !b || A.length !== n || b.length !== n || A.some((r) => r.length !== n)) {
        throw new Error(`quadratic needs A (${n}x${n}) and b (${n})`);
      }
      return (p, g) => {
        for (let i = 0; i < n; i++) {
          let s = b[i];
          for (let j = 0; j < n; j++) s += A[i][j] * p[j];
          g[i] = s;
        }
      };
    }
    default:
      throw new Error(`unsupported: objective "${c.objective}"`);
  }
}

export function runOptimizerCase(c: OptimizerCase): CaseResult {
  if (!isOptimizerName(c.optimizer)) throw new Error(`unsupported: optimizer "${c.optimizer}"`);
  const grad = gradientOf(c);
  const opt = createOptimizer(c.optimizer, c.options as never);
  const n = c.init.length;
  const p = new Tensor(Float64Array.from(c.init), [n]);
  const g = new Tensor(new Float64Array(n), [n]);
  const traj = new Float64Array((c.steps + 1) * n);
  traj.set(p.data, 0);
  for (let t = 1; t <= c.steps; t++) {
    grad(p.data as Float64Array, g.data as Float64Array);
    opt.step([p], [g]);
    traj.set(p.data, t * n);
  }
  const check = new Checker();
  check.nested('trajectory', traj, [c.steps + 1, n], c.trajectory);
  // The same case through the PyTorch-style bound optimizer (new Adam(params).step()): the same numbers.
  const param: Parameter = { value: new Tensor(Float64Array.from(c.init), [n]), grad: null };
  const bound = new BoundOptimizer(c.optimizer, [param], c.options as never);
  const boundTraj = new Float64Array((c.steps + 1) * n);
  boundTraj.set(param.value.data, 0);
  for (let t = 1; t <= c.steps; t++) {
    bound.zeroGrad();
    param.grad = new Tensor(new Float64Array(n), [n]);
    grad(param.value.data as Float64Array, param.grad.data as Float64Array);
    bound.step();
    boundTraj.set(param.value.data, t * n);
  }
  check.nested('trajectory (bound optimizer)', boundTraj, [c.steps + 1, n], c.trajectory);
  return check.result();
}
