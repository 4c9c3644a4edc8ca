import { Tensor, tensor } from '@descent/core-tensor';
import { evaluateExpression, expressionToLatex, hessian as autodiffHessian, numericFunction, parseExpression, sliceRows, variable, type Expr, type Var } from '@descent/autodiff';
import type { SurfaceSetup } from './setup.js';
import { CUSTOM_DEFAULTS, KAPPA, surfacePreset, type Domain, type Point } from './surfaces.js';

// A surface ready to race on: f from the parsed expression as plain numbers (the contour grid), its gradient
// and Hessian from @descent/autodiff (the optimizers' steps), its known minima and f*.

export type HessianMethod = 'autodiff' | 'differences';

export interface Minimum {
  x: number;
  y: number;
  f: number;
  global: boolean;
}

export interface CompiledSurface {
  /** Identifies the surface (its expression and map) for caches. */
  key: string;
  source: string;
  ast: Expr;
  latex: string;
  domain: Domain;
  /** f at a point, in plain float64 (the same numbers as the autodiff form). */
  value: (x: number, y: number) => number;
  /** f and ∇f at (x, y) by reverse-mode autodiff; the gradient goes into `out` [∂f/∂x, ∂f/∂y]. */
  valueAndGrad: (x: number, y: number, out: Float64Array) => number;
  /** [∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²] at (x, y): autodiff's hessian() or forward differences of the autodiff gradient with step h. */
  hessian: (x: number, y: number, method: HessianMethod, h: number, gradAt?: Float64Array) => [number, number, number];
  /** Refined minima of a preset (the lowest are global); a typed function lists none. */
  minima: Minimum[];
  /** The value the "f − f* < tol" test measures against; null where f has no minimum. */
  fStar: number | null;
  /** Where f* comes from: a preset's known minimum, or the lowest point of the map (typed functions). */
  fStarKind: 'known' | 'estimate' | 'none';
  defaultStart: Point;
  lr: { gd: number; adaptive: number };
  /** Gradient evaluations a Newton step costs beyond the one at θ, by Hessian method (n = 2 parameters). */
  hessianCost: Record<HessianMethod, number>;
}

/** The expression text of a surface setup (presets fill in κ); throws an Error naming the preset if unknown. */
export function surfaceSource(s: SurfaceSetup): string {
  if (s.kind === 'custom') return s.source;
  const p = surfacePreset(s.id);
  if (!p) throw new Error(`unknown surface "${s.id}"`);
  return p.source(p.kappa ? (s.kappa ?? KAPPA.default) : KAPPA.default);
}

/** Parse a surface; throws an ExpressionError (position, length) for a typed function that does not parse. */
export function compileSurface(s: SurfaceSetup): CompiledSurface {
  const source = surfaceSource(s);
  const preset = s.kind === 'preset' ? surfacePreset(s.id)! : null;
  const parsed = parseExpression(source, { variables: ['x', 'y'] });
  const ast = parsed.ast;
  const num = numericFunction(ast, ['x', 'y']);
  const domain = preset ? preset.domain : s.kind === 'custom' ? s.domain : CUSTOM_DEFAULTS.domain;

  const valueAndGrad = (x: number, y: number, out: Float64Array): number => {
    const vx = variable(tensor(x, 'float64')), vy = variable(tensor(y, 'float64'));
    const f = evaluateExpression(ast, { x: vx, y: vy });
    if (f.requiresGrad) f.backward();
    out[0] = vx.grad ? vx.grad.data[0] : 0;
    out[1] = vy.grad ? vy.grad.data[0] : 0;
    return f.item();
  };
  const ofVector = (v: Var): Var => evaluateExpression(ast, { x: sliceRows(v, 0, 1), y: sliceRows(v, 1, 2) });
  const g0 = new Float64Array(2), g1 = new Float64Array(2);
  const hessian = (x: number, y: number, method: HessianMethod, h: number, gradAt?: Float64Array): [number, number, number] => {
    if (method === 'autodiff') {
      const H = autodiffHessian(ofVector, new Tensor(Float64Array.of(x, y), [2])).data;
      return [H[0], H[1], H[3]];
    }
    // Forward differences of the exact gradient, H[:, j] ≈ (∇f(θ + h eⱼ) − ∇f(θ)) / h, then symmetrised:
    // one gradient per parameter beyond the one at θ (passed in when the caller has it), O(h) error: cheap and crude.
    if (gradAt) g0.set(gradAt);
    else valueAndGrad(x, y, g0);
    const hx = h * Math.max(1, Math.abs(x)), hy = h * Math.max(1, Math.abs(y));
    valueAndGrad(x + hx, y, g1);
    const hxx = (g1[0] - g0[0]) / hx, hyx = (g1[1] - g0[1]) / hx;
    valueAndGrad(x, y + hy, g1);
    const hxy = (g1[0] - g0[0]) / hy, hyy = (g1[1] - g0[1]) / hy;
    return [hxx, (hxy + hyx) / 2, hyy];
  };

  const minima = preset ? refineMinima(preset.minima, num, valueAndGrad, (x, y) => hessian(x, y, 'autodiff', 0)) : [];
  let fStar: number | null = null;
  let fStarKind: CompiledSurface['fStarKind'] = 'none';
  if (minima.length) {
    fStar = Math.min(...minima.map((m) => m.f));
    fStarKind = 'known';
    for (const m of minima) m.global = m.f - fStar <= 1e-9 * Math.max(1, Math.abs(fStar));
  } else if (!preset) {
    const low = lowestOnGrid(num, domain, 201);
    if (low !== null) {
      fStar = low;
      fStarKind = 'estimate';
    }
  }
  return {
    key: JSON.stringify({ source, domain }),
    source,
    ast,
    latex: expressionToLatex(ast),
    domain,
    value: (x, y) => num(x, y),
    valueAndGrad,
    hessian,
    minima,
    fStar,
    fStarKind,
    // A typed function starts a fifth of the way in from the map's top-left corner.
    defaultStart: preset ? preset.start : [domain[0] + 0.2 * (domain[1] - domain[0]), domain[2] + 0.8 * (domain[3] - domain[2])],
    lr: preset ? preset.lr : CUSTOM_DEFAULTS.lr,
    hessianCost: { autodiff: 4, differences: 2 },
  };
}

/** Newton's method from each listed point, so approximate minima (Himmelblau's, the double well's) are exact to rounding. */
function refineMinima(
  points: readonly Point[],
  f: (x: number, y: number) => number,
  grad: (x: number, y: number, out: Float64Array) => number,
  hess: (x: number, y: number) => [number, number, number],
): Minimum[] {
  const g = new Float64Array(2);
  return points.map(([x0, y0]) => {
    let x = x0, y = y0;
    for (let i = 0; i < 30; i++) {
      grad(x, y, g);
      if (Math.hypot(g[0], g[1]) < 1e-14) break;
      const [a, b, c] = hess(x, y);
      const det = a * c - b * b;
      if (!(Math.abs(det) > 0)) break;
      const dx = (c * g[0] - b * g[1]) / det, dy = (a * g[1] - b * g[0]) / det;
      x -= dx;
      y -= dy;
    }
    return { x, y, f: f(x, y), global: false };
  });
}

/** The lowest finite value on an n×n grid over the domain, or null if f is nowhere finite there. */
export function lowestOnGrid(f: (x: number, y: number) => number, d: Domain, n: number): number | null {
  let low = Infinity;
  for (let j = 0; j < n; j++) {
    const y = d[2] + ((d[3] - d[2]) * j) / (n - 1);
    for (let i = 0; i < n; i++) {
      const v = f(d[0] + ((d[1] - d[0]) * i) / (n - 1), y);
      if (v < low) low = v;
    }
  }
  return Number.isFinite(low) ? low : null;
}
