// The Lab's preset loss surfaces. Each is an expression in the same little language a student types (parsed by
// @descent/autodiff, never evaluated as JavaScript), so presets and typed functions take one path: the map, the
// gradients and the LaTeX all come from the parsed expression. A new surface is one entry here.

/** [xMin, xMax, yMin, yMax] of the map. */
export type Domain = readonly [number, number, number, number];
export type Point = readonly [number, number];

export type PresetId = 'bowl' | 'ravine' | 'rosenbrock' | 'saddle' | 'monkey' | 'plateau' | 'himmelblau' | 'beale' | 'two-minima' | 'wells';

export interface SurfacePreset {
  id: PresetId;
  label: string;
  /** One line: what the surface shows. */
  blurb: string;
  /** The expression; the ravine's depends on its condition number κ. */
  source: (kappa: number) => string;
  domain: Domain;
  /** Where a race starts unless the user picks another point. */
  start: Point;
  /**
   * Local minima, exact or approximate (refined by Newton's method when the surface is compiled). The lowest
   * is f*; a surface without any (a saddle, unbounded below) has no f*.
   */
  minima: readonly Point[];
  /** First learning rates that make sense here: plain/momentum gradient descent, and the adaptive methods. */
  lr: { gd: number; adaptive: number };
  /** Only the ravine: its condition number is a slider. */
  kappa?: boolean;
}

export const KAPPA = { min: 1, max: 1000, default: 25 } as const;

export const SURFACES: readonly SurfacePreset[] = [
  {
    id: 'bowl',
    label: 'Convex bowl',
    blurb: 'f = x² + y²: every method converges; the baseline.',
    source: () => 'x^2 + y^2',
    domain: [-3, 3, -3, 3],
    start: [-2.4, 1.8],
    minima: [[0, 0]],
    lr: { gd: 0.1, adaptive: 0.1 },
  },
  {
    id: 'ravine',
    label: 'Ravine',
    blurb: 'An ill-conditioned quadratic: curvature 1 along x, κ along y. Gradient descent zig-zags across it.',
    source: (k) => `0.5*(x^2 + ${k}*y^2)`,
    domain: [-3, 3, -3, 3],
    start: [-2.6, 1.2],
    minima: [[0, 0]],
    lr: { gd: 0.02, adaptive: 0.1 },
    kappa: true,
  },
  {
    id: 'rosenbrock',
    label: 'Rosenbrock',
    blurb: 'A curved, flat-bottomed valley; the minimum at (1, 1) is easy to find and slow to reach.',
    source: () => '(1 - x)^2 + 100*(y - x^2)^2',
    domain: [-2, 2, -1, 3],
    start: [-1.5, 2.5],
    minima: [[1, 1]],
    lr: { gd: 0.001, adaptive: 0.05 },
  },
  {
    id: 'saddle',
    label: 'Saddle',
    blurb: 'f = x² − y²: a minimum along x, a maximum along y, no minimum at all.',
    source: () => 'x^2 - y^2',
    domain: [-2, 2, -2, 2],
    start: [-1.8, 0.05],
    minima: [],
    lr: { gd: 0.05, adaptive: 0.05 },
  },
  {
    id: 'monkey',
    label: 'Monkey saddle',
    blurb: 'f = x³ − 3xy²: three valleys meet at a flat point where the gradient and the curvature vanish.',
    source: () => 'x^3 - 3*x*y^2',
    domain: [-1.5, 1.5, -1.5, 1.5],
    start: [1.2, 0.3],
    minima: [],
    lr: { gd: 0.02, adaptive: 0.02 },
  },
  {
    id: 'plateau',
    label: 'Plateau',
    blurb: 'A well in a flat plain: far out the gradient is almost zero, and plain gradient descent barely moves.',
    source: () => '1 - exp(-(x^2 + y^2))',
    domain: [-3, 3, -3, 3],
    start: [2.2, 1.8],
    minima: [[0, 0]],
    lr: { gd: 0.5, adaptive: 0.1 },
  },
  {
    id: 'himmelblau',
    label: 'Himmelblau',
    blurb: 'Four minima of equal depth (f = 0): where a run ends depends on the start and the method.',
    source: () => '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
    domain: [-5, 5, -5, 5],
    start: [-0.4, -0.6],
    minima: [
      [3, 2],
      [-2.805118, 3.131312],
      [-3.77931, -3.283186],
      [3.584428, -1.848126],
    ],
    lr: { gd: 0.005, adaptive: 0.1 },
  },
  {
    id: 'beale',
    label: 'Beale',
    blurb: 'Sharp ridges and flat arms around the minimum at (3, 0.5); the gradient spans many orders of magnitude.',
    source: () => '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
    domain: [-4.5, 4.5, -4.5, 4.5],
    start: [1, 1.5],
    minima: [[3, 0.5]],
    lr: { gd: 0.001, adaptive: 0.05 },
  },
  {
    id: 'two-minima',
    label: 'Two minima',
    blurb: 'A wide bowl with a narrow dip in its side: the dip is a shallow local minimum beside the global one at (−1, 0).',
    source: () => '0.15*((x + 1)^2 + y^2) - 0.6*exp(-((x - 1.5)^2 + y^2)/0.15)',
    domain: [-3, 3, -3, 3],
    start: [2.6, 0.4],
    minima: [
      [-1, 0],
      [1.45, 0],
    ],
    lr: { gd: 0.05, adaptive: 0.05 },
  },
  {
    id: 'wells',
    label: 'Saddle + 2 wells',
    blurb: 'f = x² + (y² − 1)²: minima at (0, ±1), a saddle at the origin between them.',
    source: () => 'x^2 + (y^2 - 1)^2',
    domain: [-2, 2, -2, 2],
    start: [1.8, 0],
    minima: [
      [0, 1],
      [0, -1],
    ],
    lr: { gd: 0.05, adaptive: 0.05 },
  },
];

const BY_ID = new Map<string, SurfacePreset>(SURFACES.map((s) => [s.id, s]));

export function surfacePreset(id: string): SurfacePreset | undefined {
  return BY_ID.get(id);
}

/** A typed function's map when none is given, and its first learning rates. */
export const CUSTOM_DEFAULTS = { domain: [-3, 3, -3, 3] as Domain, start: [-2, 2] as Point, lr: { gd: 0.01, adaptive: 0.05 } };
