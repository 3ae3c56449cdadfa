// Builds the service for `npm start`: app/main.ts and everything of ours it imports into one ES
// module, dist/main.js (+ source map), with every npm package left external (loaded from
// node_modules as usual). Plain node then runs it: no TypeScript compiler in the service process
// (tsx transforms and keeps every source file it loads, some 60 MB of the idle service's memory).
//   node scripts/build-service.mjs          (npm start runs it first; under a second)
// Our modules find their data files next to their source (`new URL('../views/', import.meta.url)`),
// so each module's `import.meta.url` is rewritten to its own source file's URL, computed from the
// bundle's location: the bundle stays correct wherever the checkout is, as long as dist/ sits in it.
// Stack traces name the .ts files and lines through the source map (node --enable-source-maps).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');

/** `import.meta.url` in a module of ours → that module's source URL, relative to the bundle. */
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = path.relative(outdir, args.path).split(path.sep).join('/');
      const url = `new URL(${JSON.stringify(rel)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

const result = await esbuild.build({
  entryPoints: { main: path.join(root, 'app', 'main.ts') },
  outdir,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [sourceUrls],
  write: false,
});
// Written beside and renamed into place: a service (or test) starting while another `npm start`
// rebuilds reads the old bundle or the new one, never half of one. The map goes first.
await mkdir(outdir, { recursive: true });
const files = [...result.outputFiles].sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')));
for (const f of files) {
  const tmp = `${f.path}.${process.pid}.tmp`;
  await writeFile(tmp, f.contents);
  await rename(tmp, f.path);
}
