import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Three builds, as in the electron-vite react-ts template: main and preload run in Node
// (Electron), the renderer is a plain web build that also serves the web dashboard.
export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve('src/main/index.ts') } },
      externalizeDeps: true,
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot be an ES module: emit CommonJS as index.cjs.
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: { rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
    plugins: [react()],
  },
});
