/**
 * Fails when our own TypeScript files import each other in a circle. A cycle makes the load order
 * matter, hides which module owns a type, and is how the agent, the tools and the quotation desk
 * once became one tangle; type-only imports count too, because they tie the designs together.
 *
 * Usage: `npm run check:cycles` (or `node scripts/check-cycles.ts [DIR...]` from the project root).
 * Plain Node with type stripping, no dependencies, so CI runs it in well under a second.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** The folders whose files make up the product and its local tooling. */
export const DEFAULT_ROOTS = ["src", "stand-ins", "scripts", "bench", "test/harness"];

const SOURCE = /\.(ts|tsx|mts)$/;
const SKIPPED = /\.d\.ts$/;
// `import x from "y"`, `import type {x} from "y"`, `export * from "y"`, `import "y"`, `import("y")`.
const IMPORT = /(?:^|[\s;}])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

export function sourceFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === "node_modules" || name.startsWith(".")) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE.test(name) && !SKIPPED.test(name)) found.push(resolve(path));
    }
  };
  if (existsSync(root)) walk(root);
  return found;
}

/** Comments are dropped so an example in a doc comment is not read as an import. */
export function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

function resolveImport(known: Set<string>, from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const base = resolve(dirname(from), specifier).replace(/\.(js|mjs|ts|mts)$/, "");
  for (const candidate of [`${base}.ts`, `${base}.tsx`, `${base}.mts`, join(base, "index.ts"), base]) if (known.has(candidate)) return candidate;
  return null;
}

/** Which of our files each file imports. */
export function importGraph(files: string[]): Map<string, Set<string>> {
  const known = new Set(files);
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const targets = new Set<string>();
    for (const match of withoutComments(readFileSync(file, "utf8")).matchAll(IMPORT)) {
      const target = resolveImport(known, file, match[1] ?? match[2] ?? "");
      if (target && target !== file) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** One shortest loop through `start` inside its component, for a message a reader can follow. */
function loopThrough(graph: Map<string, Set<string>>, component: Set<string>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start];
}

/** Every import cycle: each strongly connected component of more than one file, as one loop through it. */
export function findCycles(graph: Map<string, Set<string>>): string[][] {
  // Tarjan's algorithm; the graph is a few hundred files, so recursion depth is no concern.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = new Set<string>();
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.add(member);
    } while (member !== node);
    if (component.size > 1) cycles.push(loopThrough(graph, component, [...component].sort()[0]!));
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

/** The cycles among the files under `roots`, as paths relative to `cwd`. */
export function importCycles(roots: string[], cwd = process.cwd()): { files: number; cycles: string[][] } {
  const files = roots.flatMap((root) => sourceFiles(resolve(cwd, root)));
  const cycles = findCycles(importGraph(files)).map((loop) => loop.map((file) => relative(cwd, file)));
  return { files: files.length, cycles };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const roots = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_ROOTS;
  const { files, cycles } = importCycles(roots);
  for (const loop of cycles) console.error(`import cycle: ${loop.join(" -> ")}`);
  console.log(`check-cycles: ${files} files in ${roots.join(", ")}; ${cycles.length} import cycle(s)`);
  process.exit(cycles.length > 0 ? 1 : 0);
}
