/** The page's entry: reads /config.json, signs in (or not), starts the sync, shows the app, registers the service worker. */
import { createAuth, createSync } from '../sdk/index.ts';
import { startApp } from './app.ts';
import { loadConfig } from './config.ts';
import { h } from './dom.ts';
import { appProjection } from './projection.ts';
import { parseRoute } from './router.ts';

async function boot(root: HTMLElement): Promise<void> {
  const config = await loadConfig();
  const auth = createAuth(config);
  // the callback page finishes the sign-in first; the sync starts on the page it returns to
  const signedIn = auth.user !== null && parseRoute(location.pathname).page !== 'callback';
  const projection = appProjection(config.projection);
  const sync = signedIn ? createSync(config, auth, projection ? { projection } : {}) : null;
  if (sync) await sync.start();
  startApp(root, { auth, sync });
}

function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(err => console.warn('service worker not registered', err));
  // a new build took over this page's origin: the page still runs the old code until it reloads
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!hadController || document.querySelector('.update-ready')) return;
    document.body.prepend(h('div', { class: 'update-ready', role: 'status' }, 'A new version of the app is ready. ',
      h('button', { type: 'button', onclick: () => location.reload() }, 'Reload')));
  });
}

const root = document.getElementById('app')!;
boot(root).catch(err => {
  console.error(err);
  root.replaceChildren(h('div', { class: 'app-error', role: 'alert' },
    `The app could not start: ${err instanceof Error ? err.message : String(err)}`,
    h('button', { type: 'button', onclick: () => location.reload() }, 'Try again')));
});
registerServiceWorker();
