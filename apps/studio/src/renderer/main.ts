import { createApp } from 'vue';
import { createPinia } from 'pinia';
import './charts/setup.js';
import './styles/app.css';
import App from './App.vue';
import { setHost } from './host/host.js';
import { createDesktopHost } from './host/desktop-host.js';
import { createWebHost } from './host/web-host.js';

// The same renderer runs in Electron (preload API present) and as a plain web app.
setHost(window.descent ? createDesktopHost(window.descent) : createWebHost());
createApp(App).use(createPinia()).mount('#app');
