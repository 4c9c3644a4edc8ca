import { hidpiContext } from '../../charts/hidpi.js';

// The racers' paths in a canvas of their own that only grows. A race plays a few iterates a frame; redrawing
// twelve paths of thousands of points every frame made the browser rasterize wide strokes for tens of
// milliseconds per frame on the page's thread (CanvasRenderingContext2D::FinalizeFrame in a trace). Here each
// frame strokes only the new part; the layer is drawn afresh when what it shows changes otherwise.

export interface Trail {
  id: string;
  /** The race it belongs to (a racer's trace): a new one redraws the layer. */
  source: unknown;
  color: string;
  /** Pixel position of iterate t, or null where the path ends (it left the surface). */
  point: (t: number) => readonly [number, number] | null;
  /** The last iterate to draw, −1 for none. */
  upTo: number;
  /** Widths of the white halo and of the coloured line. */
  halo: number;
  line: number;
}

interface State {
  source: unknown;
  /** The last iterate taken in. */
  t: number;
  /** Kept points as x, y pairs: each more than DROP_PX from the one before, and the last iterate drawn. */
  pts: number[];
  ended: boolean;
}

/** Points closer than this to the last kept one are dropped (they change nothing a viewer can see). */
export const DROP_PX = 1.5;
/** New points a frame may stroke (about 5 ms of wide strokes on a 2-core machine without a GPU). */
export const TRAIL_BUDGET = 2000;

export class TrailLayer {
  private key: string | null = null;
  private states = new Map<string, State>();
  constructor(readonly canvas: HTMLCanvasElement = document.createElement('canvas')) {}

  /** The points of a trail as drawn (x, y pairs), after `sync`. */
  points(id: string): readonly number[] {
    return this.states.get(id)?.pts ?? [];
  }

  /**
   * Bring the layer up to date: w × h CSS pixels, `key` naming everything else it depends on (geometry, camera,
   * selection, order). Trails are drawn in the order given, each new part over the older ones. At most `budget`
   * new points are drawn: after a redraw from scratch long paths come in over a few frames (call again while
   * `complete` is false) instead of in one frame that blocks the page.
   */
  sync(w: number, h: number, key: string, trails: readonly Trail[], clip?: (ctx: CanvasRenderingContext2D) => void, budget = Infinity): { redrawn: boolean; complete: boolean } {
    const ids = new Set(trails.map((t) => t.id));
    const full =
      key !== this.key ||
      [...this.states.keys()].some((id) => !ids.has(id)) ||
      trails.some((tr) => {
        const s = this.states.get(tr.id);
        return s !== undefined && (s.source !== tr.source || tr.upTo < s.t);
      });
    let ctx: CanvasRenderingContext2D | null;
    if (full) {
      ctx = hidpiContext(this.canvas, w, h);
      this.states.clear();
      this.key = key;
    } else {
      ctx = this.canvas.getContext('2d');
      const dpr = window.devicePixelRatio || 1;
      ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
    }
    if (!ctx) return { redrawn: full, complete: true };
    ctx.save();
    clip?.(ctx);
    // Bevel joins: round ones cost far more on long zig-zags and look the same at these widths.
    ctx.lineJoin = 'bevel';
    ctx.lineCap = 'round';
    let left = budget, complete = true;
    for (const tr of trails) {
      left -= this.extend(ctx, tr, left);
      complete &&= this.caughtUp(tr);
    }
    ctx.restore();
    return { redrawn: full, complete };
  }

  private caughtUp(tr: Trail): boolean {
    const s = this.states.get(tr.id);
    return !s || s.ended || s.t >= tr.upTo;
  }

  /** Draw what is new of `tr`, at most about `budget` points; returns the points drawn. */
  private extend(ctx: CanvasRenderingContext2D, tr: Trail, budget: number): number {
    let s = this.states.get(tr.id);
    if (!s) this.states.set(tr.id, (s = { source: tr.source, t: -1, pts: [], ended: false }));
    if (s.ended || tr.upTo <= s.t || budget <= 0) return 0;
    const before = s.pts.length;
    for (let t = s.t + 1; t <= tr.upTo && (s.pts.length - before) / 2 < budget; t++) {
      const p = tr.point(t);
      if (!p) {
        s.ended = true;
        break;
      }
      s.t = t;
      const n = s.pts.length;
      // The last iterate is always kept (it is where the head is drawn), as is the last before a pause.
      if (t === tr.upTo || (s.pts.length - before) / 2 + 1 >= budget || n === 0 || !(Math.abs(p[0] - s.pts[n - 2]) < DROP_PX && Math.abs(p[1] - s.pts[n - 1]) < DROP_PX)) s.pts.push(p[0], p[1]);
    }
    const drawn = (s.pts.length - before) / 2;
    if (!drawn) return 0;
    // The halo starts at the joint with the part drawn before; the line starts one point further back, so it
    // covers the halo's round cap where the two parts meet.
    stroke(ctx, s.pts, Math.max(0, before - 2), 'rgba(255, 255, 255, 0.85)', tr.halo);
    stroke(ctx, s.pts, Math.max(0, before - 4), tr.color, tr.line);
    return drawn;
  }
}

function stroke(ctx: CanvasRenderingContext2D, pts: readonly number[], from: number, color: string, width: number) {
  if (pts.length - from < 4) return;
  ctx.beginPath();
  ctx.moveTo(pts[from], pts[from + 1]);
  for (let k = from + 2; k < pts.length; k += 2) ctx.lineTo(pts[k], pts[k + 1]);
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.stroke();
}
