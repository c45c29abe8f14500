// Writes FILE.br (brotli, quality 11) and FILE.gz (gzip -9) beside every text-like file of the
// built app, so csp-server sends the smallest form a browser accepts without compressing on
// each request (brotli 11 is far too slow to run per request).
//
// Usage: node scripts/precompress.mjs [DIR]   (DIR defaults to dist)
// Node's own zlib does both, so no `brotli` CLI is needed on the build machine.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
const compressible = /\.(wasm|js|css|json|html|svg)$/;

function* files(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile() && compressible.test(entry.name)) yield path;
  }
}

let raw = 0;
let br = 0;
let gz = 0;
for (const path of files(dir)) {
  const data = readFileSync(path);
  const brotli = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      [constants.BROTLI_PARAM_MODE]: path.endsWith('.wasm')
        ? constants.BROTLI_MODE_GENERIC
        : constants.BROTLI_MODE_TEXT,
    },
  });
  const gzip = gzipSync(data, { level: 9 });
  writeFileSync(`${path}.br`, brotli);
  writeFileSync(`${path}.gz`, gzip);
  raw += data.length;
  br += brotli.length;
  gz += gzip.length;
  if (data.length > 16384) {
    console.log(`${relative(dir, path)}: ${data.length} raw, ${gzip.length} gzip, ${brotli.length} br`);
  }
}
console.log(`precompressed ${dir}: ${raw} bytes raw, ${gz} gzip, ${br} br`);
