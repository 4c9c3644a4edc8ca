import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { parseRunSpecJson, type RunSpec } from '@descent/train';
import './charts/setup.js';
import './styles/app.css';
import App from './App.vue';
import { setHost } from './host/host.js';
import { createDesktopHost } from './host/desktop-host.js';
import { createWebHost } from './host/web-host.js';
import { SETUP_STORAGE_KEY, useSetupStore } from './stores/setup.js';

// The same renderer runs in Electron (preload API present) and as a plain web app.
setHost(window.descent ? createDesktopHost(window.descent) : createWebHost());
const pinia = createPinia();
const app = createApp(App).use(pinia);

// The setup of the last session comes back after a reload or a restart.
try {
  const saved = localStorage.getItem(SETUP_STORAGE_KEY);
  if (saved) useSetupStore(pinia).load(parseRunSpecJson(saved).spec as RunSpec);
} catch (e) {
  console.warn('Descent: the saved setup could not be restored', e);
}
app.mount('#app');
