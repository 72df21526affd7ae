import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Vendor code is grouped by how often it changes and where it is needed: the shell
// (React, router, antd, i18n, query) loads once; Leaflet only with the map page.
const vendorGroups: [name: string, test: RegExp][] = [
  ['react', /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/],
  ['antd', /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|stylis|dayjs)[\\/]/],
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
    rolldownOptions: {
      // Two pages: the console, and the grid worker's field app (/field), which shares only React.
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        field: fileURLToPath(new URL('./field.html', import.meta.url)),
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
