import { hidpiContext } from '../../charts/hidpi.js';
import { drawSurfaceLayer, type Camera, type Grid3D } from './surface3d.js';

// The 3-D view's surface as an image, made by a worker (surface-layer.worker.ts) so that opening the view or
// turning its camera never blocks the page. Only the newest request is drawn: while one is being drawn, later
// ones wait and only the last of them is sent. Where workers cannot draw (no OffscreenCanvas), it is drawn here.

export interface SurfaceLayerRequest {
  id: number;
  w: number;
  h: number;
  dpr: number;
  grid: Grid3D;
  cam: Camera;
}
export interface SurfaceLayerReply {
  id: number;
  bitmap: ImageBitmap;
}

type Req = Omit<SurfaceLayerRequest, 'id'> & { key: string };

export interface SurfaceLayerImage {
  /** What it was drawn for (the caller's key), and with which camera: paths must be drawn with the same one. */
  key: string;
  cam: Camera;
  image: CanvasImageSource;
}

export class SurfaceLayer {
  /** The newest finished image, or null before the first. */
  current: SurfaceLayerImage | null = null;
  private worker: Worker | null = null;
  private inFlight: (Req & { id: number }) | null = null;
  private waiting: Req | null = null;
  private nextId = 1;
  private wanted: string | null = null;

  constructor(private readonly onReady: () => void) {
    if (typeof OffscreenCanvas !== 'undefined' && typeof Worker !== 'undefined') {
      try {
        this.worker = new Worker(new URL('./surface-layer.worker.ts', import.meta.url), { type: 'module', name: 'descent-lab-3d' });
        this.worker.onmessage = (ev: MessageEvent<SurfaceLayerReply>) => this.received(ev.data);
        this.worker.onerror = () => this.fallBack();
      } catch {
        this.worker = null;
      }
    }
  }

  /** Ask for the surface drawn for `key`; `current` keeps the last image until it is ready. */
  request(key: string, w: number, h: number, dpr: number, grid: Grid3D, cam: Camera): void {
    if (this.wanted === key) return;
    this.wanted = key;
    const req = { key, w, h, dpr, grid, cam: { ...cam } };
    if (!this.worker) return this.drawHere(req);
    if (this.inFlight) this.waiting = req;
    else this.send(req);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private send(req: Req) {
    const id = this.nextId++;
    this.inFlight = { ...req, id };
    const msg: SurfaceLayerRequest = { id, w: req.w, h: req.h, dpr: req.dpr, grid: req.grid, cam: req.cam };
    this.worker!.postMessage(msg);
  }

  private received(m: SurfaceLayerReply) {
    const done = this.inFlight;
    if (!done || done.id !== m.id) return;
    this.inFlight = null;
    this.show({ key: done.key, cam: done.cam, image: m.bitmap });
    if (this.waiting) {
      const next = this.waiting;
      this.waiting = null;
      this.send(next);
    }
  }

  private show(img: SurfaceLayerImage) {
    const old = this.current?.image;
    if (old && typeof ImageBitmap !== 'undefined' && old instanceof ImageBitmap) old.close();
    this.current = img;
    this.onReady();
  }

  /** The worker failed (or cannot draw): draw the last request on this thread from now on. */
  private fallBack() {
    this.worker?.terminate();
    this.worker = null;
    const req = this.waiting ?? this.inFlight;
    this.inFlight = this.waiting = null;
    if (req) this.drawHere(req);
  }

  private drawHere(req: Req) {
    const canvas = document.createElement('canvas');
    const ctx = hidpiContext(canvas, req.w, req.h);
    if (ctx) drawSurfaceLayer(ctx, req.w, req.h, req.grid, req.cam);
    this.show({ key: req.key, cam: req.cam, image: canvas });
  }
}
