import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Vendor code is grouped by how often it changes and where it is needed: the shell (React,
// router, i18n, query) loads once; Leaflet only with the map pages. Ant Design is left to the
// bundler, which puts each component with the pages that use it: one antd chunk made every page
// load all of antd (365 KB gzipped), and the first load was 505 KB instead of 323 KB.
const vendorGroups: [name: string, test: RegExp][] = [
  ['react', /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/],
  ['i18n', /node_modules[\\/](i18next|react-i18next|html-parse-stringify|void-elements)[\\/]/],
  ['query', /node_modules[\\/]@tanstack[\\/]/],
  ['leaflet', /node_modules[\\/]leaflet[\\/]/],
];

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    // dist/.vite/manifest.json: which chunks each page loads, for the `web` benchmark.
    manifest: true,
    rolldownOptions: {
      // Two pages: the console, and the grid worker's field app (/field), which shares only React.
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        field: fileURLToPath(new URL('./field.html', import.meta.url)),
        // The residents' app (/resident): React only, like the field app.
        resident: fileURLToPath(new URL('./resident.html', import.meta.url)),
      },
      output: {
        codeSplitting: {
          groups: vendorGroups.map(([name, test], i) => ({ name, test, priority: vendorGroups.length - i })),
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
