import { Rng } from '@descent/core-tensor';
import type { LayerSpec } from '@shared/model-spec.js';
import { activationFns } from './activations.js';

// Adapter for @descent/layers + @descent/autodiff: a multilayer perceptron over one flat float64 parameter
// vector (so one optimizer updates everything), with a hand-written backward pass. Dense layers follow
// torch.nn.Linear: Y = X Wᵀ + b, W stored [out][in], initialised U(-1/√in, 1/√in) like PyTorch's default.

interface DenseL {
  kind: 'dense';
  inDim: number;
  outDim: number;
  wOff: number;
  bOff: number;
  act: (typeof activationFns)[keyof typeof activationFns];
  isIdentity: boolean;
}
interface DropoutL {
  kind: 'dropout';
  dim: number;
  rate: number;
}
type L = DenseL | DropoutL;

export class Mlp {
  readonly params: Float64Array;
  readonly grads: Float64Array;
  readonly inputDim: number;
  readonly outputDim: number;
  private readonly layers: L[] = [];
  // caches from the last forward pass, per layer: its input, pre-activation (dense) / mask (dropout)
  private inputs: Float64Array[] = [];
  private pre: Float64Array[] = [];
  private outs: Float64Array[] = [];
  private batch = 0;

  constructor(specs: LayerSpec[], inputDim: number, seed: number) {
    let d = inputDim;
    let n = 0;
    for (const s of specs) {
      if (s.kind === 'dense') {
        this.layers.push({
          kind: 'dense',
          inDim: d,
          outDim: s.units,
          wOff: n,
          bOff: n + d * s.units,
          act: activationFns[s.activation],
          isIdentity: s.activation === 'identity',
        });
        n += d * s.units + s.units;
        d = s.units;
      } else this.layers.push({ kind: 'dropout', dim: d, rate: s.rate });
    }
    this.inputDim = inputDim;
    this.outputDim = d;
    this.params = new Float64Array(n);
    this.grads = new Float64Array(n);
    const rng = new Rng(seed);
    for (const l of this.layers) {
      if (l.kind !== 'dense') continue;
      const bound = 1 / Math.sqrt(l.inDim);
      for (let i = 0; i < l.inDim * l.outDim + l.outDim; i++) this.params[l.wOff + i] = rng.uniform(-bound, bound);
    }
  }

  get paramCount(): number {
    return this.params.length;
  }

  /** Forward pass over B rows. With `train`, dropout masks are drawn from `rng` (inverted dropout). */
  forward(x: Float64Array, B: number, train = false, rng?: Rng): Float64Array {
    let h = x;
    this.batch = B;
    this.inputs = [];
    this.pre = [];
    this.outs = [];
    const p = this.params;
    for (const l of this.layers) {
      this.inputs.push(h);
      if (l.kind === 'dense') {
        const { inDim, outDim, wOff, bOff } = l;
        const z = new Float64Array(B * outDim);
        for (let r = 0; r < B; r++) {
          for (let o = 0; o < outDim; o++) {
            let s = p[bOff + o];
            const w = wOff + o * inDim;
            for (let i = 0; i < inDim; i++) s += h[r * inDim + i] * p[w + i];
            z[r * outDim + o] = s;
          }
        }
        let a = z;
        if (!l.isIdentity) {
          a = new Float64Array(z.length);
          for (let i = 0; i < z.length; i++) a[i] = l.act.f(z[i]);
        }
        this.pre.push(z);
        this.outs.push(a);
        h = a;
      } else {
        const mask = new Float64Array(h.length);
        const out = new Float64Array(h.length);
        const keep = 1 - l.rate;
        for (let i = 0; i < h.length; i++) {
          mask[i] = !train || l.rate === 0 ? 1 : rng!.next() < keep ? 1 / keep : 0;
          out[i] = h[i] * mask[i];
        }
        this.pre.push(mask);
        this.outs.push(out);
        h = out;
      }
    }
    return h;
  }

  /** Backward from ∂loss/∂output of the last forward pass; fills `grads` (overwritten, not accumulated). */
  backward(dOut: Float64Array): void {
    const p = this.params;
    const g = this.grads;
    g.fill(0);
    const B = this.batch;
    let d = dOut;
    for (let li = this.layers.length - 1; li >= 0; li--) {
      const l = this.layers[li];
      if (l.kind === 'dropout') {
        const mask = this.pre[li];
        const dn = new Float64Array(d.length);
        for (let i = 0; i < d.length; i++) dn[i] = d[i] * mask[i];
        d = dn;
        continue;
      }
      const { inDim, outDim, wOff, bOff } = l;
      const z = this.pre[li];
      const a = this.outs[li];
      const dz = l.isIdentity ? d : new Float64Array(d.length);
      if (!l.isIdentity) for (let i = 0; i < d.length; i++) dz[i] = d[i] * l.act.df(z[i], a[i]);
      const x = this.inputs[li];
      const dx = new Float64Array(B * inDim);
      for (let r = 0; r < B; r++) {
        for (let o = 0; o < outDim; o++) {
          const v = dz[r * outDim + o];
          if (v === 0) continue;
          g[bOff + o] += v;
          const w = wOff + o * inDim;
          for (let i = 0; i < inDim; i++) {
            g[w + i] += v * x[r * inDim + i];
            dx[r * inDim + i] += v * p[w + i];
          }
        }
      }
      d = dx;
    }
  }

  /** L2 norm of the gradient of each Dense layer (weights and bias together), in layer order. */
  gradNorms(): number[] {
    const out: number[] = [];
    for (const l of this.layers) {
      if (l.kind !== 'dense') continue;
      let s = 0;
      for (let i = l.wOff; i < l.bOff + l.outDim; i++) s += this.grads[i] * this.grads[i];
      out.push(Math.sqrt(s));
    }
    return out;
  }

  /** Output for many rows in eval mode, in chunks to bound memory. */
  predict(x: Float64Array, n: number): Float64Array {
    const out = new Float64Array(n * this.outputDim);
    const chunk = 512;
    for (let s = 0; s < n; s += chunk) {
      const b = Math.min(chunk, n - s);
      const y = this.forward(x.subarray(s * this.inputDim, (s + b) * this.inputDim), b, false);
      out.set(y, s * this.outputDim);
    }
    return out;
  }
}
