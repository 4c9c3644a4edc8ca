/**
 * A 2-D context drawing in CSS pixels on a canvas of w × h CSS pixels, sharp at the screen's pixel ratio:
 * the backing store is resized only when it must be (resizing clears and reallocates it), and the canvas is
 * cleared. Null where the canvas has no 2-D context.
 */
export function hidpiContext(cv: HTMLCanvasElement, w: number, h: number): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  const pw = Math.round(w * dpr), ph = Math.round(h * dpr);
  if (cv.width !== pw || cv.height !== ph) {
    cv.width = pw;
    cv.height = ph;
  }
  const ctx = cv.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return ctx;
}
