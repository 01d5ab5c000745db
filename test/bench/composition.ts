import { build } from 'esbuild';
import { FUNCTION_BUNDLE } from '../../infra/function-bundle.ts';

/** `node test/bench/composition.ts functions/<name>/index.ts`: what a function bundle is made of, by package. */
const entry = process.argv[2]!;
const r = await build({ ...FUNCTION_BUNDLE, entryPoints: [entry], outfile: 'cdk.out/composition/index.mjs', metafile: true, logLevel: 'silent' });
const out = Object.values(r.metafile!.outputs)[0]!;
const byPkg = new Map<string, number>();
for (const [file, info] of Object.entries(out.inputs)) {
  const m = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  const key = m ? m[1]! : file.split('/').slice(0, 2).join('/');
  byPkg.set(key, (byPkg.get(key) ?? 0) + info.bytesInOutput);
}
console.log('total', out.bytes);
for (const [k, v] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(String(v).padStart(8), k);
