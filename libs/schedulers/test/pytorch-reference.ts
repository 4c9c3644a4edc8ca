// Test oracle: PyTorch 1.13's schedulers transcribed as they run, step by step. The chainable ones derive each
// lr from the previous lr (get_lr), warm restarts keep T_cur/T_i, cyclic/one-cycle follow get_lr literally and
// SequentialLR calls step(0) at milestones. The library's closed forms must agree with these.

type Opts = Record<string, any>;

interface Sim {
  /** PyTorch's scheduler.step(): advance last_epoch and update lr. */
  step(): void;
  /** step(0): jump to epoch 0 via the closed form (SequentialLR at a milestone). */
  restart(): void;
}

interface State {
  lr: number;
  momentum: number;
}

function chainable(name: string, o: Opts, base: number, st: State): Sim {
  let e = 0;
  const pyMod = (a: number, m: number) => ((a % m) + m) % m;
  const atZero = (): number => {
    switch (name) {
      case 'linear':
        return base * o.startFactor;
      case 'constant':
        return base * o.factor;
      default:
        return base;
    }
  };
  const next = (lr: number): number => {
    switch (name) {
      case 'step':
        return e === 0 || e % o.stepSize !== 0 ? lr : lr * o.gamma;
      case 'multistep': {
        const k = o.milestones.filter((m: number) => m === e).length;
        return e === 0 || k === 0 ? lr : lr * Math.pow(o.gamma, k);
      }
      case 'exponential':
        return e === 0 ? lr : lr * o.gamma;
      case 'cosine': {
        const T = o.tMax;
        if (e === 0) return lr;
        if (pyMod(e - 1 - T, 2 * T) === 0) return lr + ((base - o.etaMin) * (1 - Math.cos(Math.PI / T))) / 2;
        return ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (lr - o.etaMin) + o.etaMin;
      }
      case 'linear': {
        const T = o.totalIters;
        if (e === 0) return lr * o.startFactor;
        if (e > T) return lr;
        return lr * (1 + (o.endFactor - o.startFactor) / (T * o.startFactor + (e - 1) * (o.endFactor - o.startFactor)));
      }
      case 'polynomial': {
        const T = o.totalIters;
        if (e === 0 || e > T) return lr;
        return lr * Math.pow((1 - e / T) / (1 - (e - 1) / T), o.power);
      }
      case 'constant': {
        if (e === 0) return lr * o.factor;
        if (e !== o.totalIters) return lr;
        return lr * (1 / o.factor);
      }
    }
    throw new Error(`no chainable form for ${name}`);
  };
  return {
    step() {
      e++;
      st.lr = next(st.lr);
    },
    restart() {
      e = 0;
      st.lr = atZero();
    },
  };
}

function warmRestarts(o: Opts, base: number, st: State): Sim {
  let tCur = 0;
  let tI = o.t0;
  const set = () => (st.lr = o.etaMin + ((base - o.etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2);
  return {
    step() {
      tCur = tCur + 1;
      if (tCur >= tI) {
        tCur = tCur - tI;
        tI = tI * o.tMult;
      }
      set();
    },
    restart() {
      tCur = 0;
      tI = o.t0;
      set();
    },
  };
}

function cyclic(o: Opts, st: State): Sim {
  let e = 0;
  const down = o.stepSizeDown ?? o.stepSizeUp;
  const totalSize = o.stepSizeUp + down;
  const stepRatio = o.stepSizeUp / totalSize;
  const getLr = () => {
    const cycle = Math.floor(1 + e / totalSize);
    const x = 1 + e / totalSize - cycle;
    const scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    let fnArg: number;
    let scale: number;
    if (o.mode === 'triangular') {
      fnArg = cycle;
      scale = 1;
    } else if (o.mode === 'triangular2') {
      fnArg = cycle;
      scale = 1 / Math.pow(2, fnArg - 1);
    } else {
      fnArg = e;
      scale = Math.pow(o.gamma, fnArg);
    }
    st.lr = o.baseLr + (o.maxLr - o.baseLr) * scaleFactor * scale;
    if (o.cycleMomentum) st.momentum = o.maxMomentum - (o.maxMomentum - o.baseMomentum) * scaleFactor * scale;
  };
  if (o.cycleMomentum) st.momentum = o.maxMomentum;
  getLr();
  return {
    step() {
      e++;
      getLr();
    },
    restart() {
      e = 0;
      getLr();
    },
  };
}

function oneCycle(o: Opts, st: State): Sim {
  let e = 0;
  const group: Record<string, number> = {
    initial_lr: o.maxLr / o.divFactor,
    max_lr: o.maxLr,
    min_lr: o.maxLr / o.divFactor / o.finalDivFactor,
    max_momentum: o.maxMomentum,
    base_momentum: o.baseMomentum,
  };
  const T = o.totalSteps;
  const phases = o.threePhase
    ? [
        { end_step: o.pctStart * T - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
        { end_step: 2 * o.pctStart * T - 2, start_lr: 'max_lr', end_lr: 'initial_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
        { end_step: T - 1, start_lr: 'initial_lr', end_lr: 'min_lr', start_momentum: 'max_momentum', end_momentum: 'max_momentum' },
      ]
    : [
        { end_step: o.pctStart * T - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
        { end_step: T - 1, start_lr: 'max_lr', end_lr: 'min_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
      ];
  const anneal = (start: number, end: number, pct: number) =>
    o.annealStrategy === 'cos' ? end + ((start - end) / 2.0) * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
  const getLr = () => {
    if (e > T) throw new Error('stepped past totalSteps');
    let startStep = 0;
    for (let i = 0; i < phases.length; i++) {
      const ph = phases[i];
      if (e <= ph.end_step || i === phases.length - 1) {
        const pct = (e - startStep) / (ph.end_step - startStep);
        st.lr = anneal(group[ph.start_lr], group[ph.end_lr], pct);
        if (o.cycleMomentum) st.momentum = anneal(group[ph.start_momentum], group[ph.end_momentum], pct);
        break;
      }
      startStep = ph.end_step;
    }
  };
  getLr();
  return {
    step() {
      e++;
      getLr();
    },
    restart() {
      e = 0;
      getLr();
    },
  };
}

function make(name: string, o: Opts, base: number, st: State): Sim {
  if (name === 'cosineWarmRestarts') return warmRestarts(o, base, st);
  if (name === 'cyclic') return cyclic(o, st);
  if (name === 'onecycle') return oneCycle(o, st);
  if (name === 'sequential') {
    const subs = o.schedulers.map((s: { scheduler: string; options: Opts }) => make(s.scheduler, s.options, base, st));
    let e = 0;
    st.lr = base;
    subs[0].restart();
    return {
      step() {
        e++;
        let idx = 0;
        while (idx < o.milestones.length && o.milestones[idx] <= e) idx++;
        if (idx > 0 && o.milestones[idx - 1] === e) subs[idx].restart();
        else subs[idx].step();
      },
      restart() {
        throw new Error('nested sequential restart not modelled');
      },
    };
  }
  const sim = chainable(name, o, base, st);
  sim.restart(); // the initial step: closed form at epoch 0
  return sim;
}

/** lrs (and momentums) PyTorch-style: record, then step, n times. */
export function pytorchRun(name: string, options: Opts, baseLr: number, n: number): { lrs: number[]; momentums: number[] } {
  const st: State = { lr: baseLr, momentum: NaN };
  const sim = make(name, options, baseLr, st);
  const lrs: number[] = [];
  const momentums: number[] = [];
  for (let t = 0; t < n; t++) {
    lrs.push(st.lr);
    momentums.push(st.momentum);
    sim.step();
  }
  return { lrs, momentums };
}
