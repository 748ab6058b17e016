import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * The panel's build. The typed staff client and contract live in ../src and are bundled from there
 * (one source for the server's validation and the panel's types). `vite dev` forwards /api/* and
 * the event WebSocket to a running worker (WORKER_URL, default http://127.0.0.1:8787), the same
 * origin the built panel gets from `npm start` and the Pages Function.
 */
const worker = process.env.WORKER_URL ?? "http://127.0.0.1:8787";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 400 },
  server: {
    fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] },
    proxy: { "/api": { target: worker, changeOrigin: false, ws: true } },
  },
});
