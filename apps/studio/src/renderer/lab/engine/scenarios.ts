import { PALETTE } from '../../charts/options.js';
import { NEWTON_DEFAULTS } from './racers.js';
import type { LabSetup, OptimizerRacer, RacerSetup } from './setup.js';
import { optimizerDefaults, type OptimizerName } from '@descent/optimizers';

// The lecture's cases, one click each. Every scenario is a whole Lab setup (so it is also a shareable link) and
// one sentence saying what to watch. Each claim in `watch` is checked by scenarios.test.ts against the run, so
// the sentence and the numbers cannot drift apart. A new scenario is one entry here (and its check there).

export interface Scenario {
  id: string;
  title: string;
  watch: string;
  setup: LabSetup;
}

function opt(id: string, color: number, name: OptimizerName, options: Record<string, unknown>, extra: Partial<OptimizerRacer> = {}): RacerSetup {
  return {
    id,
    color: PALETTE[color],
    kind: 'optimizer',
    optimizer: name,
    options: { ...(optimizerDefaults(name) as unknown as Record<string, unknown>), ...options },
    schedule: null,
    noisy: false,
    ...extra,
  };
}

const base = { noise: { sigma: 0, seed: 1 }, tol: 1e-6 };

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'lr-too-large',
    title: 'Learning rate too large',
    watch: 'On the ravine (κ = 25) gradient descent is stable only for η < 2/κ = 0.08. At η = 0.085 every bounce across the valley is larger than the last, and the run is stopped as diverged; at η = 0.075 it zig-zags but converges, fastest of the three; η = 0.04 = 1/κ drops onto the valley floor in one step, then slides along it more slowly.',
    setup: {
      ...base,
      surface: { kind: 'preset', id: 'ravine', kappa: 25 },
      start: [-2.6, 1.2],
      iterations: 300,
      scenario: 'lr-too-large',
      racers: [opt('a', 2, 'sgd', { lr: 0.085 }), opt('b', 4, 'sgd', { lr: 0.075 }), opt('c', 3, 'sgd', { lr: 0.04 })],
    },
  },
  {
    id: 'momentum-ravine',
    title: 'Momentum through the ravine',
    watch: 'With the same η, plain gradient descent crawls along the flat floor of the ravine (κ = 50); momentum keeps the speed it gathers along the valley, cancels the bounces across it, and reaches the minimum in a fraction of the iterations.',
    setup: {
      ...base,
      surface: { kind: 'preset', id: 'ravine', kappa: 50 },
      start: [-2.7, 1],
      iterations: 400,
      scenario: 'momentum-ravine',
      racers: [opt('a', 0, 'sgd', { lr: 0.018 }), opt('b', 2, 'sgd', { lr: 0.018, momentum: 0.9 }), opt('c', 3, 'sgd', { lr: 0.018, momentum: 0.9, nesterov: true })],
    },
  },
  {
    id: 'local-minimum',
    title: 'Stuck in a local minimum',
    watch: 'Both start on the right, beside the narrow dip. Gradient descent falls into the dip and stays there (f ≈ 0.30), because its gradient is zero. With momentum 0.9 the same steps carry enough speed through the dip and over its rim to reach the global minimum at (−1, 0).',
    setup: {
      ...base,
      surface: { kind: 'preset', id: 'two-minima' },
      start: [2.8, 0.3],
      iterations: 300,
      scenario: 'local-minimum',
      racers: [opt('a', 0, 'sgd', { lr: 0.1 }), opt('b', 2, 'sgd', { lr: 0.1, momentum: 0.9 })],
    },
  },
  {
    id: 'saddle-noise',
    title: 'Escaping a saddle with noise',
    watch: 'The start lies on the ridge y = 0 that leads into the saddle at the origin. Full-batch gradient descent follows it exactly and stops at the saddle (‖∇f‖ → 0 there, yet it is not a minimum); the same method with noisy gradients (σ = 0.3) is pushed off the ridge and falls into a minimum at (0, ±1).',
    setup: {
      ...base,
      noise: { sigma: 0.3, seed: 7 },
      surface: { kind: 'preset', id: 'wells' },
      start: [1.8, 0],
      iterations: 300,
      scenario: 'saddle-noise',
      racers: [opt('a', 0, 'sgd', { lr: 0.05 }), opt('b', 2, 'sgd', { lr: 0.05 }, { noisy: true })],
    },
  },
  {
    id: 'adam-vs-sgd',
    title: 'Adam against SGD on a badly scaled problem',
    watch: 'On the ravine with κ = 100, gradient descent must keep η below 2/κ = 0.02 for the steep direction, so it creeps along the flat one. Adam divides each coordinate by its own gradient scale: both move about η per step, whatever κ, and it reaches f − f* < 10⁻⁶ while gradient descent is still on its way.',
    setup: {
      ...base,
      surface: { kind: 'preset', id: 'ravine', kappa: 100 },
      start: [-2.6, 1.5],
      iterations: 300,
      scenario: 'adam-vs-sgd',
      racers: [opt('a', 0, 'sgd', { lr: 0.019 }), opt('b', 2, 'adam', { lr: 0.1 })],
    },
  },
  {
    id: 'step-decay',
    title: 'Step decay gets closer to the minimum',
    watch: 'With noisy gradients (σ = 2) a constant η = 0.1 keeps jittering in a cloud around the minimum, and f stalls near ησ²/2 = 0.2. Halving η every 80 steps shrinks the cloud each time: f ends up about ten times lower.',
    setup: {
      ...base,
      noise: { sigma: 2, seed: 1 },
      surface: { kind: 'preset', id: 'bowl' },
      start: [-2.4, 1.8],
      iterations: 400,
      scenario: 'step-decay',
      racers: [
        opt('a', 0, 'sgd', { lr: 0.1 }, { noisy: true }),
        opt('b', 2, 'sgd', { lr: 0.1 }, { noisy: true, schedule: { name: 'step', options: { stepSize: 80, gamma: 0.5 } } }),
      ],
    },
  },
  {
    id: 'cyclic-escape',
    title: 'Cyclical LR escapes a local minimum',
    watch: 'Both start beside the narrow dip and fall into it. With a constant η = 0.05 the run stays in the dip. The cyclical schedule raises η towards 0.8: past about 0.29 (2 / the dip\'s curvature) the dip can no longer hold a step, the run is thrown out, and the wide bowl, stable at every η of the cycle, takes it to the global minimum.',
    setup: {
      ...base,
      surface: { kind: 'preset', id: 'two-minima' },
      start: [1.8, 0.4],
      iterations: 300,
      scenario: 'cyclic-escape',
      racers: [
        opt('a', 0, 'sgd', { lr: 0.05 }),
        opt('b', 2, 'sgd', { lr: 0.05 }, { schedule: { name: 'cyclic', options: { baseLr: 0.05, maxLr: 0.8, stepSizeUp: 30, stepSizeDown: 30, mode: 'triangular', cycleMomentum: false } } }),
      ],
    },
  },
  {
    id: 'newton',
    title: "Newton's method against gradient descent",
    watch: "On Rosenbrock, Newton's step −H⁻¹∇f follows the curved valley and reaches the minimum in a handful of iterations. In 1000 iterations Adam gets close and gradient descent (η = 0.001: larger steps are thrown out of the valley) is still far away. But each Newton step needs the Hessian: 4 numbers here, n² for a network with n weights.",
    setup: {
      ...base,
      surface: { kind: 'preset', id: 'rosenbrock' },
      start: [-1.5, 2.5],
      iterations: 1000,
      scenario: 'newton',
      racers: [opt('a', 0, 'sgd', { lr: 0.001 }), opt('b', 4, 'adam', { lr: 0.05 }), { id: 'c', color: PALETTE[2], kind: 'newton', noisy: false, options: { ...NEWTON_DEFAULTS } }],
    },
  },
];

export function scenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
