// The lecture's examples. Each may carry a hand-derived gradient (`check`): the view shows it next to
// autodiff's, computed independently from the formula, so a student sees the two agree.

export interface GraphPreset {
  id: string;
  label: string;
  source: string;
  values: Record<string, number>;
  note: string;
  check?: { input: string; text: string; tex: string; value: (v: Record<string, number>) => number };
}

export const GRAPH_PRESETS: readonly GraphPreset[] = [
  {
    id: 'lecture',
    label: '(x + y)·z',
    source: 'f = (x + y) * z',
    values: { x: -2, y: 5, z: -4 },
    note: 'The lecture’s graph: q = x + y, f = q·z. Forward gives f = −12; backward gives ∇f = (−4, −4, 3).',
  },
  {
    id: 'chain',
    label: 'x⁴ = (x²)²',
    source: 'g = x^2\nh = g^2',
    values: { x: 1.5 },
    note: 'The chain rule: dh/dx = dh/dg · dg/dx = 2g · 2x = 4x³.',
    check: { input: 'x', text: 'dh/dx = 4x³', tex: '\\frac{dh}{dx} = 4x^3', value: (v) => 4 * v.x ** 3 },
  },
  {
    id: 'quadratic',
    label: 'x² + xy + y²',
    source: 'f = x^2 + x*y + y^2',
    values: { x: 1, y: 2 },
    note: 'x and y are each used twice (fan-out): their gradients are sums, ∂f/∂x = 2x + y.',
    check: { input: 'x', text: '∂f/∂x = 2x + y', tex: '\\frac{\\partial f}{\\partial x} = 2x + y', value: (v) => 2 * v.x + v.y },
  },
  {
    id: 'sigmoid',
    label: 'σ(w·x + b), squared error',
    source: 's = w0*x0 + w1*x1 + b\na = sigmoid(s)\nL = (a - t)^2',
    values: { w0: 2, x0: -1, w1: -3, x1: -2, b: -3, t: 1 },
    note: 'A sigmoid neuron (the lecture’s weights, σ(1) ≈ 0.73) with squared error: ∂L/∂w₀ = 2(a − t)·a(1 − a)·x₀.',
    check: {
      input: 'w0',
      text: '∂L/∂w0 = 2(a − t)·a(1 − a)·x0',
      tex: '\\frac{\\partial L}{\\partial w_0} = 2(a - t)\\,a(1 - a)\\,x_0',
      value: (v) => {
        const a = 1 / (1 + Math.exp(-(v.w0 * v.x0 + v.w1 * v.x1 + v.b)));
        return 2 * (a - v.t) * a * (1 - a) * v.x0;
      },
    },
  },
  {
    id: 'two-layer',
    label: '2-layer neuron',
    source: 'h1 = tanh(w1*x + b1)\nh2 = tanh(w2*x + b2)\ny = v1*h1 + v2*h2 + c\nL = (y - t)^2 / 2',
    values: { w1: 0.5, x: 1.2, b1: -0.1, w2: -1.5, b2: 0.3, v1: 0.8, v2: -0.6, c: 0.1, t: 1 },
    note: 'Two tanh units feeding a linear output, with loss ½(y − t)². x fans out to both units, so ∂L/∂x is a sum of two paths.',
    check: {
      input: 'x',
      text: '∂L/∂x = (y − t)·(v1(1 − h1²)w1 + v2(1 − h2²)w2)',
      tex: '\\frac{\\partial L}{\\partial x} = (y - t)\\big(v_1(1 - h_1^2)w_1 + v_2(1 - h_2^2)w_2\\big)',
      value: (v) => {
        const h1 = Math.tanh(v.w1 * v.x + v.b1), h2 = Math.tanh(v.w2 * v.x + v.b2);
        const y = v.v1 * h1 + v.v2 * h2 + v.c;
        return (y - v.t) * (v.v1 * (1 - h1 * h1) * v.w1 + v.v2 * (1 - h2 * h2) * v.w2);
      },
    },
  },
];
