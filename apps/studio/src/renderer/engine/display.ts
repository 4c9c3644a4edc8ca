import type { EpochEvent } from '@descent/train';
import type { Prediction } from '../worker/protocol.js';

// TensorFlow Playground's display switches for the Train view: class regions instead of probabilities, and the
// training speed students compare between setups.

/** The prediction with every cell at full confidence for its class: the regions, without the probability shading. */
export function discretize(p: Prediction): Prediction {
  if (p.kind !== 'grid') return p;
  const binary = p.value === p.confidence || p.value.every((v, i) => v === p.confidence[i]);
  const value = binary ? p.value.map((v) => (v > 0.5 ? 1 : 0)) : Float32Array.from(p.value);
  return { ...p, value, confidence: binary ? value : new Float32Array(p.value.length).fill(1) };
}

/** Epochs per second of active training (pauses do not count) over the last `window` epochs; null before two epochs. */
export function epochsPerSecond(rows: readonly Pick<EpochEvent, 'epoch' | 'wallMs'>[], window = 10): number | null {
  if (rows.length < 2) return null;
  const b = rows[rows.length - 1];
  const a = rows[Math.max(0, rows.length - 1 - window)];
  const ms = b.wallMs - a.wallMs;
  return ms > 0 ? ((b.epoch - a.epoch) * 1000) / ms : null;
}

/** "1.2k", "85", "3.4": few digits, so the header does not jitter. */
export const rateLabel = (v: number | null): string => (v === null ? '—' : v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
