import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/**
 * The size a Lab view draws at: the card's width, and square, but no taller than leaves the controls under
 * it in view. Followed with a ResizeObserver on `box` while the component is mounted.
 */
export function useMapSize(box: Ref<HTMLElement | null>, initial: { w: number; h: number }): Ref<{ w: number; h: number }> {
  const size = ref(initial);
  let ro: ResizeObserver | null = null;
  onMounted(() => {
    ro = new ResizeObserver(([e]) => {
      const w = Math.floor(e.contentRect.width);
      const h = Math.floor(Math.min(w, Math.max(340, window.innerHeight - 300)));
      if (w > 0 && (w !== size.value.w || h !== size.value.h)) size.value = { w, h };
    });
    if (box.value) ro.observe(box.value);
  });
  onBeforeUnmount(() => ro?.disconnect());
  return size;
}
