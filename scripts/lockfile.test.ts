// The committed package-lock.json must be what a clean `npm install` writes, or installs are not
// reproducible (docs/tooling.md). npm leaves other platforms' optional packages (rollup's and
// esbuild's binaries for macOS, Windows, musl…) out of a lock it updates from an existing
// node_modules; a clean machine then adds them back and rewrites the lock. This catches that
// before a merge, and a lock out of step with package.json (which `npm ci` refuses).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface LockEntry { optionalDependencies?: Record<string, string>; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (f: string) => JSON.parse(readFileSync(root + f, 'utf8'));

/** Optional dependencies of locked packages that have no entry of their own in the lock. */
function missingOptionals(packages: Record<string, LockEntry>): string[] {
  const missing: string[] = [];
  for (const [at, entry] of Object.entries(packages)) {
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
      // Node's lookup: the package's own node_modules, then each enclosing one.
      let dir = at;
      let found = false;
      for (;;) {
        if (packages[`${dir ? `${dir}/` : ''}node_modules/${dep}`]) { found = true; break; }
        const up = dir.lastIndexOf('/node_modules/');
        if (dir === '') break;
        dir = up >= 0 ? dir.slice(0, up) : '';
      }
      if (!found) missing.push(`${at || '(root)'} → ${dep}`);
    }
  }
  return missing;
}

describe('package-lock.json', () => {
  const lock = read('package-lock.json') as { packages: Record<string, LockEntry> };
  const pkg = read('package.json') as LockEntry;

  it('locks every platform’s optional packages, as a clean install would write them', () => {
    expect(missingOptionals(lock.packages)).toEqual([]);
  });

  it('is in step with package.json (npm ci would refuse it otherwise)', () => {
    expect(lock.packages[''].dependencies).toEqual(pkg.dependencies);
    expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies);
  });

  it('notices a lock without other platforms’ binaries', () => {
    const packages = {
      '': { devDependencies: { rollup: '^4' } },
      'node_modules/rollup': { optionalDependencies: { '@rollup/rollup-linux-x64-gnu': '4.0.0', '@rollup/rollup-darwin-arm64': '4.0.0' } },
      'node_modules/@rollup/rollup-linux-x64-gnu': {},
    };
    expect(missingOptionals(packages)).toEqual(['node_modules/rollup → @rollup/rollup-darwin-arm64']);
  });
});
