#!/usr/bin/env node
// The build's non-TypeScript files: the .proto message definitions the protocol decoders load at run time are
// copied from src/ to the same place under dist/, so a built server (and the Docker image, which ships only
// dist/) finds them beside its modules.
import fs from 'node:fs';
import path from 'node:path';

function copy(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const from = path.join(dir, entry.name);
    if (entry.isDirectory()) copy(from);
    else if (entry.name.endsWith('.proto')) {
      const to = path.join('dist', path.relative('src', from));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    }
  }
}
copy('src');
