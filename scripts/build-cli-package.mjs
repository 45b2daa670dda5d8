// Fills packages/cli (the npm package `modelready`, run by `npx modelready`) from the bundles `npm run build`
// (or build:production) wrote: dist/cli.js and the validators it loads beside it. They are self-contained, so
// the package has no dependencies at run time. With --pack, also runs `npm pack` and prints the tarball's path.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const target = join(root, 'packages/cli');
const dist = join(root, 'dist');

if (!existsSync(join(dist, 'cli.js'))) {
  console.error('dist/cli.js is missing: run `npm run build` (or build:production) first');
  process.exit(1);
}
const main = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const cli = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'));
if (main.version !== cli.version) {
  console.error(`packages/cli/package.json has version ${cli.version}, package.json ${main.version}: release them together`);
  process.exit(1);
}
if (cli.dependencies && Object.keys(cli.dependencies).length > 0) {
  console.error('packages/cli must have no dependencies: dist/cli.js is a bundle');
  process.exit(1);
}

rmSync(join(target, 'dist'), { recursive: true, force: true });
mkdirSync(join(target, 'dist'));
const files = ['cli.js', 'cli-main.js', ...readdirSync(dist).filter((f) => /^validators-.*\.js$/.test(f))];
for (const f of files) copyFileSync(join(dist, f), join(target, 'dist', f));
copyFileSync(join(root, 'LICENSE'), join(target, 'LICENSE'));
console.error(`packages/cli: ${files.map((f) => `dist/${f}`).join(', ')}, LICENSE`);

if (process.argv.includes('--pack')) {
  const out = process.argv[process.argv.indexOf('--pack') + 1] ?? join(root, 'dist');
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: target, encoding: 'utf8' }).trim().split('\n').pop();
  console.log(join(out, name));
}
