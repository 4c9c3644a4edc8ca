import { describe, expect, it } from 'vitest';
import { TrailLayer, type Trail } from './trails.js';

/** A canvas whose context records the strokes: each a list of the points it went through. */
function recordingCanvas() {
  const strokes: { color: string; width: number; pts: number[] }[] = [];
  let path: number[] = [];
  let clears = 0;
  const ctx = {
    strokeStyle: '', lineWidth: 1, lineJoin: '', lineCap: '',
    setTransform() {}, save() {}, restore() {},
    clearRect() { clears++; },
    beginPath() { path = []; },
    moveTo(x: number, y: number) { path.push(x, y); },
    lineTo(x: number, y: number) { path.push(x, y); },
    stroke() { strokes.push({ color: String(ctx.strokeStyle), width: ctx.lineWidth, pts: path }); },
  };
  const canvas = { width: 0, height: 0, getContext: () => ctx } as unknown as HTMLCanvasElement;
  return { canvas, strokes, clears: () => clears };
}
const line = (id: string, upTo: number, source: unknown = 'race', point: Trail['point'] = (t) => [t * 10, 0]): Trail => ({ id, source, color: '#f00', point, upTo, halo: 4, line: 2 });

describe('TrailLayer', () => {
  it('strokes only the new part of a growing path, its line overlapping the part before', () => {
    const { canvas, strokes, clears } = recordingCanvas();
    const layer = new TrailLayer(canvas);
    expect(layer.sync(100, 100, 'k', [line('a', 3)]).redrawn).toBe(true);
    expect(strokes.map((s) => s.pts)).toEqual([[0, 0, 10, 0, 20, 0, 30, 0], [0, 0, 10, 0, 20, 0, 30, 0]]);
    strokes.length = 0;
    expect(layer.sync(100, 100, 'k', [line('a', 5)]).redrawn).toBe(false);
    expect(clears()).toBe(1);
    // Halo from the joint (t = 3) on; the coloured line from one point before it.
    expect(strokes).toEqual([
      { color: 'rgba(255, 255, 255, 0.85)', width: 4, pts: [30, 0, 40, 0, 50, 0] },
      { color: '#f00', width: 2, pts: [20, 0, 30, 0, 40, 0, 50, 0] },
    ]);
    expect(layer.points('a')).toEqual([0, 0, 10, 0, 20, 0, 30, 0, 40, 0, 50, 0]);
    strokes.length = 0;
    layer.sync(100, 100, 'k', [line('a', 5)]);
    expect(strokes).toEqual([]); // nothing new, nothing drawn
  });

  it('redraws from scratch when the cursor goes back, the race or the key changes, or a trail goes', () => {
    const { canvas, clears } = recordingCanvas();
    const layer = new TrailLayer(canvas);
    layer.sync(100, 100, 'k', [line('a', 5), line('b', 5)]);
    expect(layer.sync(100, 100, 'k', [line('a', 2), line('b', 5)]).redrawn).toBe(true);
    expect(layer.points('a')).toHaveLength(6);
    expect(layer.sync(100, 100, 'k', [line('a', 2, 'new race'), line('b', 5)]).redrawn).toBe(true);
    expect(layer.sync(100, 100, 'k2', [line('a', 2, 'new race'), line('b', 5)]).redrawn).toBe(true);
    expect(layer.sync(100, 100, 'k2', [line('a', 2, 'new race')]).redrawn).toBe(true);
    expect(layer.sync(100, 100, 'k2', [line('a', 3, 'new race')]).redrawn).toBe(false);
    expect(clears()).toBe(5);
  });

  it('drops points closer than 1.5 px but keeps the last one, and ends a path where it has no point', () => {
    const { canvas } = recordingCanvas();
    const layer = new TrailLayer(canvas);
    layer.sync(100, 100, 'k', [line('a', 4, 'r', (t) => [t * 0.5, 0])]);
    expect(layer.points('a')).toEqual([0, 0, 1.5, 0, 2, 0]);
    const off: Trail['point'] = (t) => (t < 3 ? [t * 10, 5] : null);
    layer.sync(100, 100, 'k2', [line('b', 9, 'r', off)]);
    expect(layer.points('b')).toEqual([0, 5, 10, 5, 20, 5]);
    layer.sync(100, 100, 'k2', [line('b', 12, 'r', off)]);
    expect(layer.points('b')).toEqual([0, 5, 10, 5, 20, 5]);
  });

  it('draws at most the budget per call, and catches up over the next calls', () => {
    const { canvas } = recordingCanvas();
    const layer = new TrailLayer(canvas);
    const trails = [line('a', 9), line('b', 9)];
    expect(layer.sync(100, 100, 'k', trails, undefined, 8)).toEqual({ redrawn: true, complete: false });
    expect(layer.points('a')).toHaveLength(16);
    expect(layer.points('b')).toEqual([]);
    expect(layer.sync(100, 100, 'k', trails, undefined, 8)).toEqual({ redrawn: false, complete: false });
    expect(layer.sync(100, 100, 'k', trails, undefined, 8)).toEqual({ redrawn: false, complete: true });
    expect(layer.points('a')).toEqual(Array.from({ length: 10 }, (_, t) => [t * 10, 0]).flat());
    expect(layer.points('b')).toEqual(layer.points('a'));
  });
});
