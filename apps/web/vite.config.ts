// The pages are static files: `npm start` (tools/web) and deploy/ (nginx) serve dist/ and route
// /api and /ws to the services on the same origin, so the pages need no CORS and no URLs baked in.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
