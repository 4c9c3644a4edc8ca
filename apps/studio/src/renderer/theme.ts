import { computed, ref, watch } from 'vue';

// Light or dark: follows the system (prefers-color-scheme) unless the toggle chose one, kept across reloads.
// CSS reads `data-theme` on <html>; charts read `isDark` (canvas cannot see CSS variables).

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'descent.theme';
const stored = (): ThemeChoice => {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
};

export const themeChoice = ref<ThemeChoice>(typeof localStorage === 'undefined' ? 'system' : stored());
const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
const systemDark = ref(media?.matches ?? false);
media?.addEventListener('change', (e) => (systemDark.value = e.matches));

export const isDark = computed(() => themeChoice.value === 'dark' || (themeChoice.value === 'system' && systemDark.value));

watch(
  themeChoice,
  (c) => {
    if (typeof document === 'undefined') return;
    if (c === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = c;
    try {
      if (c === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, c);
    } catch {
      // storage unavailable (private mode): the choice lasts for this page only
    }
  },
  { immediate: true },
);

/** System → light → dark → system. */
export function cycleTheme(): void {
  themeChoice.value = themeChoice.value === 'system' ? 'light' : themeChoice.value === 'light' ? 'dark' : 'system';
}
