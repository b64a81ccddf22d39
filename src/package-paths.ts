/**
 * Where the package's own files are at run time. From src/ (run with tsx) a module's assets sit beside it; the
 * built server is one bundle (scripts/build-server.mjs), so a module no longer knows its own folder and its
 * assets are found from the package root instead: dist/ mirrors src/ for every file the bundle does not inline.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The nearest folder above this module with a package.json: the checkout, or /app in the image. */
export function packageRoot(): string {
  for (let dir = HERE; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(HERE, '..');
  }
}

/** A file the build copies from src/ to dist/ at the same place (`protocols/loki/push.proto`). */
export function assetPath(fromSrc: string): string {
  return path.join(packageRoot(), FROM_SOURCE ? 'src' : 'dist', fromSrc);
}
