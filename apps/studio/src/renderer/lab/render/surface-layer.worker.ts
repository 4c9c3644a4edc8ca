/// <reference lib="webworker" />
import { drawSurfaceLayer } from './surface3d.js';
import type { SurfaceLayerRequest, SurfaceLayerReply } from './surface-layer.js';

// The 3-D view's shaded surface, drawn off the page's thread: some two thousand filled quads take tens of
// milliseconds to rasterize without a GPU, and a turned camera needs them all again.
const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (ev: MessageEvent<SurfaceLayerRequest>) => {
  const { id, w, h, dpr, grid, cam } = ev.data;
  const canvas = new OffscreenCanvas(Math.max(1, Math.round(w * dpr)), Math.max(1, Math.round(h * dpr)));
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  drawSurfaceLayer(ctx, w, h, grid, cam);
  const bitmap = canvas.transferToImageBitmap();
  const reply: SurfaceLayerReply = { id, bitmap };
  scope.postMessage(reply, [bitmap]);
};
