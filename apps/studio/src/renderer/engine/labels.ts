// Human labels for option names: every form and every problem message uses these (UI wording only).
const LABELS: Record<string, string> = {
  lr: 'Learning rate',
  betas: 'Betas (β₁, β₂)',
  n: 'Samples',
  noise: 'Noise',
  seed: 'Seed',
  testFraction: 'Test split',
  standardize: 'Standardize features',
  units: 'Units',
  p: 'Dropout rate',
  fn: 'Activation',
  epochs: 'Epochs',
  batchSize: 'Mini-batch size',
  stepEvery: 'Step the schedule',
  metric: 'Metric',
  reduction: 'Reduction',
  delta: 'Delta',
  beta: 'Beta',
  clipNorm: 'Clip gradient norm',
  clipValue: 'Clip gradient value',
  negativeSlope: 'Negative slope',
  dim: 'Axis',
  k: 'Classes',
  turns: 'Turns',
  slope: 'Slope',
  intercept: 'Intercept',
  frequency: 'Frequency',
  lrLambda: 'LR function',
  schedulers: 'Schedules',
  eps: 'Epsilon',
  weightDecay: 'Weight decay',
  momentum: 'Momentum',
  dampening: 'Dampening',
  nesterov: 'Nesterov',
  maximize: 'Maximize',
  amsgrad: 'AMSGrad',
  alpha: 'Alpha',
  centered: 'Centered',
  lrDecay: 'LR decay',
  initialAccumulatorValue: 'Initial accumulator',
  rho: 'Rho',
  momentumDecay: 'Momentum decay',
  stepSize: 'Step size',
  gamma: 'Gamma',
  milestones: 'Milestones',
  tMax: 'T max',
  etaMin: 'η min',
  t0: 'T₀',
  tMult: 'T mult',
  startFactor: 'Start factor',
  endFactor: 'End factor',
  totalIters: 'Total iterations',
  power: 'Power',
  factor: 'Factor',
  baseLr: 'Base LR',
  maxLr: 'Max LR',
  stepSizeUp: 'Steps up',
  stepSizeDown: 'Steps down',
  mode: 'Mode',
  scaleMode: 'Scale mode',
  cycleMomentum: 'Cycle momentum',
  baseMomentum: 'Base momentum',
  maxMomentum: 'Max momentum',
  totalSteps: 'Total steps',
  pctStart: 'Warm-up fraction',
  annealStrategy: 'Anneal',
  divFactor: 'Div factor',
  finalDivFactor: 'Final div factor',
  threePhase: 'Three phase',
  patience: 'Patience',
  threshold: 'Threshold',
  thresholdMode: 'Threshold mode',
  cooldown: 'Cooldown',
  minLr: 'Min LR',
};

export function optionLabel(name: string): string {
  return LABELS[name] ?? name.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}

const ELEMENTS: Record<string, readonly string[]> = { betas: ['β₁', 'β₂'] };

/** Label of one element of a pair or list option: β₁ for betas[0], "Milestones entry 2" otherwise. */
export function elementLabel(name: string, i: number): string {
  return ELEMENTS[name]?.[i] ?? `${optionLabel(name)} entry ${i + 1}`;
}

/**
 * The compute backend in a student's words, with the technical name for the tooltip:
 * "wasm-relaxed-simd(2)" → fast (2 threads) / "WebAssembly relaxed-SIMD matrix kernels on 2 threads".
 */
export function backendLabel(name: string | null | undefined): { short: string; detail: string } {
  if (!name) return { short: '—', detail: 'no run yet' };
  const threads = Number(/\((\d+)\)/.exec(name)?.[1] ?? 1);
  const t = `${threads} thread${threads === 1 ? '' : 's'}`;
  if (name.startsWith('wasm-')) {
    const simd = name.startsWith('wasm-relaxed-simd') ? 'relaxed-SIMD' : 'SIMD';
    return { short: `fast (${t})`, detail: `WebAssembly ${simd} matrix kernels on ${t} (${name}); everything else in JavaScript` };
  }
  if (name.startsWith('threads')) return { short: `JavaScript (${t})`, detail: `JavaScript kernels split over ${t} (${name})` };
  if (name === 'cpu') return { short: 'JavaScript (1 thread)', detail: 'plain JavaScript kernels on one thread (cpu): the slow path, used when WebAssembly SIMD is unavailable' };
  return { short: name, detail: name };
}
