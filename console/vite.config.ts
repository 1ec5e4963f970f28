import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The console's front end: built into console/dist and served by the server under /console/. */
export default defineConfig({
  root,
  base: '/console/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The polyfill would be an inline script, which the console's Content-Security-Policy forbids.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: {
    // `npx vite console` during development: the API and live feeds come from a running server.
    proxy: { '/console/api': 'http://127.0.0.1:8080' },
  },
});
