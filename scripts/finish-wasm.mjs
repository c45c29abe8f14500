// Trunk's post_build hook (Trunk.toml): optimizes the release wasm with wasm-opt, and gives its
// imports and exports names of one or two letters in the same run, then rewrites the JS glue and
// the integrity hashes of index.html to match.
//
// wasm-bindgen names each import after its JS function plus a 16-digit hash
// (`__wbg_appendChild_dbf7ad2f48413560`); the hashes do not compress, and the short names save
// about 3.7 KB of the gzipped wasm. Trunk's own wasm-opt step is off (index.html) because a
// second wasm-opt run over an optimized file costs 1 KB of what the first saved.
//
// Debug builds are left as wasm-bindgen wrote them.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const stage = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? '.';
const wasmName = readdirSync(stage).find((name) => name.endsWith('_bg.wasm'));
if (!wasmName) throw new Error(`no *_bg.wasm in ${stage}`);
const jsName = wasmName.replace(/_bg\.wasm$/, '.js');
const wasmPath = join(stage, wasmName);
const jsPath = join(stage, jsName);

const local = join(source, 'node_modules/.bin/wasm-opt');
const wasmOpt = existsSync(local) ? local : 'wasm-opt';
// -Os without three of its passes, which make the wasm smaller but compress worse: wasm-opt's
// own inlining (LLVM has inlined for size already) costs 3.8 KB gzipped, and keeping repeated
// expressions in locals (local-cse, simplify-locals) 2.8 KB. Rust's wasm never reaches below
// address 1024 (the stack, which starts there, would have to be 1 MB deep), so offsets may
// fold into pointers.
const flags = [
  '-Os',
  // The passes again until the wasm stops shrinking: 236 bytes gzipped, 20 s more a build.
  '--converge',
  '--skip-pass=inlining-optimizing',
  '--skip-pass=local-cse',
  '--skip-pass=simplify-locals',
  '--low-memory-unused',
  '--strip-producers',
  '--strip-target-features',
  '--minify-imports-and-exports-and-modules',
  // Last, functions in the order of their Rust names, so a crate's and a module's functions
  // sit together and compress together: 6.7 KB less gzipped than the optimizer's order.
  '--reorder-functions-by-name',
];
const optimized = `${wasmPath}.opt`;
const printed = execFileSync(wasmOpt, [...flags, wasmPath, '-o', optimized], {
  encoding: 'utf8',
  maxBuffer: 16 * 1024 * 1024,
});
renameSync(optimized, wasmPath);

// wasm-opt prints the renames as `["module", "old", "new"]` (imports) and `["old", "new"]`
// (exports), one a line, in a JSON-like list with trailing commas: a list a round, as
// `--converge` renames again the names the round before gave.
let imports = [];
let exports = [];
for (const [round, printedRound] of printed.split(/^\{$/m).slice(1).entries()) {
  const triples = [...printedRound.matchAll(/^\s*\["([^"]*)", "([^"]*)", "([^"]*)"\]/gm)].map((m) => m.slice(1));
  const pairs = [...printedRound.matchAll(/^\s*\["([^"]*)", "([^"]*)"\]/gm)].map((m) => m.slice(1));
  if (round === 0) {
    [imports, exports] = [triples, pairs];
    continue;
  }
  // Each entry's last name is the one it has now. An import or export a round does not list
  // went with the code that used it, and its name may already be another's.
  const renameLast = (entries, renames) => {
    const to = new Map(renames.map((rename) => rename.slice(-2)));
    return entries
      .filter((entry) => to.has(entry.at(-1)))
      .map((entry) => [...entry.slice(0, -1), to.get(entry.at(-1))]);
  };
  imports = renameLast(imports, triples);
  exports = renameLast(exports, pairs);
}
for (const [kind, entries] of [['imports', imports], ['exports', exports]]) {
  const names = entries.map((entry) => entry.at(-1));
  if (new Set(names).size !== names.length) throw new Error(`two ${kind} were given one name`);
}
if (imports.length === 0 || exports.length === 0) {
  throw new Error(`wasm-opt printed no renames:\n${printed.slice(0, 500)}`);
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A function as the replacement, so a new name with `$` in it is taken as it is.
const replace = (text, pattern, by) => {
  let count = 0;
  const result = text.replace(pattern, () => {
    count += 1;
    return by;
  });
  return [result, count];
};

let js = readFileSync(jsPath, 'utf8');
let count;
// wasm-bindgen's own imports are the keys of one object, `import0`; a function of a JS
// snippet (`#[wasm_bindgen(module = …)]`) that needs no glue is imported straight from the
// snippet's module instead. Those move into `import0` under their new names, so that every
// import comes from the one module "a".
const own = js.match(/\n\s+"([^"]*)": import0,/)?.[1];
if (!own) throw new Error(`no import0 module in ${jsName}`);
for (const [module, old, name] of imports.filter(([module]) => module !== own)) {
  const namespace = js.match(new RegExp(`\\n\\s+"${escape(module)}": (import\\d+),`));
  if (!namespace) throw new Error(`import module ${module} not found in ${jsName}`);
  const start = '\n    const import0 = {';
  if (js.split(start).length !== 2) throw new Error(`no one import0 object in ${jsName}`);
  js = js.replace(start, () => `${start}\n        ${name}: ${namespace[1]}.${old},`);
}
js = js.replace(/\n\s+"\.\/snippets\/[^"]*": import\d+,/g, '');
[js, count] = replace(js, new RegExp(`"${escape(own)}"(?=: import0)`, 'g'), '"a"');
if (count !== 1) throw new Error(`import module ${own} found ${count} times in ${jsName}`);
// An import is a key of the imports object: `    __wbg_name_hash: function(...`.
for (const [, old, name] of imports.filter(([module]) => module === own)) {
  [js, count] = replace(js, new RegExp(`(?<=\\n\\s+)${escape(old)}(?=: )`, 'g'), name);
  if (count !== 1) throw new Error(`import ${old} found ${count} times in ${jsName}`);
}
// An export is read as `wasm.name`; some (like `main`) are not read by the glue at all.
for (const [old, name] of exports) {
  [js, count] = replace(js, new RegExp(`(?<=\\bwasm\\.)${escape(old)}(?![\\w$])`, 'g'), name);
}
writeFileSync(jsPath, js);

// Trunk hashed the files before this hook changed them.
const htmlPath = join(stage, 'index.html');
let html = readFileSync(htmlPath, 'utf8');
for (const name of [wasmName, jsName]) {
  const integrity = `sha384-${createHash('sha384').update(readFileSync(join(stage, name))).digest('base64')}`;
  const tag = new RegExp(`(<link[^>]*href="[^"]*${escape(name)}"[^>]*integrity=")[^"]*`, 'g');
  count = 0;
  html = html.replace(tag, (_, head) => {
    count += 1;
    return head + integrity;
  });
  if (count !== 1) throw new Error(`${name}'s integrity found ${count} times in index.html`);
}
writeFileSync(htmlPath, html);

console.log(
  `finish-wasm: ${wasmName} optimized; ${imports.length} imports and ${exports.length} exports renamed`,
);
