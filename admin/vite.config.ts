import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { staffContract } from "../src/core/staff/contract";

/**
 * The panel's build. The typed staff client and contract live in ../src and are bundled from there
 * (one source for the server's validation and the panel's types). `vite dev` forwards /api/* and
 * the event WebSocket to a running worker (WORKER_URL, default http://127.0.0.1:8787), the same
 * origin the built panel gets from `npm start` and the Pages Function.
 */
const worker = process.env.WORKER_URL ?? "http://127.0.0.1:8787";

/**
 * At run time the typed client needs only each route's method and path; its types still come from
 * the full contract. Serving it this table instead of the zod schemas keeps zod out of the
 * panel's first load (about 30 kB gzipped).
 */
function staffRoutesOnly(): Plugin {
  const id = "\0staff-routes";
  let replaced = false;
  return {
    name: "staff-routes-only",
    enforce: "pre",
    resolveId(source, importer) {
      if (source !== "./index" || !importer?.endsWith("/src/core/staff/contract/client.ts")) return null;
      replaced = true;
      return id;
    },
    buildEnd(error) {
      // A moved or renamed client would silently ship the zod schemas (and zod's eval probe, which the CSP reports).
      if (!error && !replaced && this.meta.watchMode === false) this.error("staff-routes-only: src/core/staff/contract/client.ts no longer imports ./index; update the plugin");
    },
    load(loaded) {
      if (loaded !== id) return null;
      const routes = Object.fromEntries(Object.entries(staffContract).map(([name, route]) => [name, { method: route.method, path: route.path }]));
      return `export const staffContract = ${JSON.stringify(routes)};`;
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [staffRoutesOnly(), react()],
  // 460 kB, not 400: the Dashboard's chunk is recharts (about 436 kB minified, 125 kB gzipped), loaded
  // only when that screen opens (lazy in app.tsx). Any other chunk growing past it still warns.
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 460 },
  server: {
    fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] },
    proxy: { "/api": { target: worker, changeOrigin: false, ws: true } },
  },
});
