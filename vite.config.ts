import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

const apiTarget = process.env.RAPPORT_API_URL ?? 'http://localhost:3000';

/**
 * Libraries in chunks of their own: they change less often than the app, so a release keeps them cached, and the
 * pages that need a heavy one (charts) load it alone. Order matters: the first group that matches takes the module.
 */
const VENDOR_GROUPS = [
  { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
  { name: 'vendor-charts', test: /node_modules[\\/](recharts|@mantine[\\/]charts|d3-[^\\/]+|victory-vendor)[\\/]/ },
  // Mantine with the libraries it imports at load time (transitions, scroll lock, its store): left in the entry chunk,
  // they form an import cycle with this chunk and `Transition` is undefined when the first toast renders.
  {
    name: 'vendor-mantine',
    test: /node_modules[\\/](@mantine[\\/](core|hooks|notifications|store)|react-transition-group|react-remove-scroll(-bar)?|react-style-singleton|use-callback-ref|use-sidecar|get-nonce|tslib|@babel[\\/]runtime)[\\/]/,
  },
  {
    name: 'vendor-tanstack',
    test: /node_modules[\\/]@tanstack[\\/](react-router|router-core|react-query|query-core|history|store|react-store)[\\/]/,
  },
];

/**
 * The web app: index.html at the repo root loads src/web/main.tsx; the build lands in dist/ for the server to serve,
 * each text asset beside a brotli (.br) and gzip (.gz) copy that the server sends to browsers that accept them.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [
    react(),
    compression({
      algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip', { level: 9 })],
      threshold: 1024,
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 600,
    manifest: true,
    rolldownOptions: {
      // Two pages: the staff app and the customer portal (its own entry: it never loads the staff shell).
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        portal: fileURLToPath(new URL('portal.html', import.meta.url)),
      },
      output: { codeSplitting: { includeDependenciesRecursively: false, groups: VENDOR_GROUPS } },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget },
      '/readyz': { target: apiTarget },
    },
  },
  preview: { port: 4173 },
});
