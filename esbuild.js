// Builds every bundle: the extension (Node, `vscode` external), the helper and CLI (Node, the
// native `cap` external), one browser bundle per webview, plus two generated data files.
// `--watch` rebuilds on change and reports in the format of the esbuild problem matcher;
// `--production` minifies and drops source maps.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = path.join(__dirname, 'dist');

/** Prints start/end lines the `$esbuild-watch` problem matcher understands. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of [...result.errors, ...result.warnings]) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemMatcher],
};

function webviewEntries() {
  const root = path.join(__dirname, 'src', 'webview');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, entry.name, 'main.ts')))
    .map((entry) => ({ in: path.join(root, entry.name, 'main.ts'), out: entry.name }));
}

/**
 * A webview folder may hold a worker (`<name>Worker.ts` beside main.ts): it is bundled first and
 * its code handed to the page as the constant LANLENS_WORKER_<NAME>, which starts it from a blob:
 * URL (the only kind of worker the pages' CSP allows). In --watch a worker change needs a rebuild.
 */
async function webviewDefines(entry) {
  const folder = path.dirname(entry.in);
  const defines = {};
  for (const file of fs.readdirSync(folder).filter((name) => name.endsWith('Worker.ts'))) {
    const built = await esbuild.build({
      ...common,
      plugins: [],
      entryPoints: [path.join(folder, file)],
      write: false,
      sourcemap: false,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      minify: true,
    });
    const name = file.slice(0, -'Worker.ts'.length).toUpperCase();
    defines[`LANLENS_WORKER_${name}`] = JSON.stringify(built.outputFiles[0].text);
  }
  return defines;
}

/** The IEEE registry as `{prefix: organisation}`; the helper reads it lazily instead of bundling 5 MB. */
function writeOuiTable() {
  const source = require.resolve('oui-data');
  const target = path.join(dist, 'oui.json');
  if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(source).mtimeMs) return;
  const registry = JSON.parse(fs.readFileSync(source, 'utf8'));
  const table = {};
  for (const [prefix, entry] of Object.entries(registry)) table[prefix.toUpperCase()] = entry.split('\n')[0].trim();
  fs.writeFileSync(target, JSON.stringify(table));
}

/** The CLI's commands: each src/helper/cli/<name>Command.ts exports <name>Cli (COMMAND_NAMES lists the same). */
const cliCommands = fs
  .readdirSync(path.join(__dirname, 'src', 'helper', 'cli'))
  .filter((file) => file.endsWith('Command.ts'))
  .map((file) => file.slice(0, -'Command.ts'.length));

async function main() {
  fs.mkdirSync(dist, { recursive: true });
  writeOuiTable();
  const contexts = await Promise.all([
    esbuild.context({
      ...common,
      entryPoints: ['src/extension/extension.ts'],
      outfile: 'dist/extension.js',
      // When the bundle starts loading: activate() reports module load plus activation from here.
      banner: { js: 'var __lanLensBundleStart = performance.now();' },
      platform: 'node',
      format: 'cjs',
      // VS Code's own runtime: Node 20 in the Electron of VS Code 1.90 (engines.vscode), 22 from 1.101.
      target: 'node20',
      external: ['vscode'],
    }),
    esbuild.context({
      ...common,
      entryPoints: ['src/helper/main.ts'],
      outfile: 'dist/helper.js',
      platform: 'node',
      format: 'cjs',
      // The helper runs on VS Code's own runtime (as the extension) as well as on the CLI's Node 22+.
      target: 'node20',
      external: ['cap', 'oui-data'],
      define: { LANLENS_VERSION: JSON.stringify(require('./package.json').version) },
    }),
    // Reads one part of a capture file in a worker thread (src/helper/captureFile/readInParts.ts).
    esbuild.context({
      ...common,
      entryPoints: ['src/helper/captureFile/captureFileWorker.ts'],
      outfile: 'dist/captureFileWorker.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
    }),
    // The helper's memory settings, which bin/lanlens.js starts the CLI with (as the extension starts the helper).
    esbuild.context({
      ...common,
      entryPoints: ['src/shared/helperMemory.ts'],
      outfile: 'dist/helperMemory.js',
      platform: 'node',
      format: 'cjs',
      target: 'node22',
    }),
    // One bundle per CLI command (dist/lanlens-<command>.js, which bin/lanlens.js picks): a process
    // that runs one command compiles only that command's code, which halves start-up for `stats`.
    ...cliCommands.map((name) =>
      esbuild.context({
        ...common,
        stdin: {
          contents: `import { startCli } from './cli/startCli';\nimport { ${name}Cli } from './cli/${name}Command';\nstartCli({ ${name}: ${name}Cli });\n`,
          resolveDir: path.join(__dirname, 'src', 'helper'),
          sourcefile: `lanlens-${name}.ts`,
          loader: 'ts',
        },
        outfile: `dist/lanlens-${name}.js`,
        platform: 'node',
        format: 'cjs',
        target: 'node22', // the CLI runs on the maintained Node lines, 22 and 24 (bin/lanlens.js checks)
        external: ['cap', 'oui-data'],
        define: { LANLENS_VERSION: JSON.stringify(require('./package.json').version) },
      }),
    ),
    ...(await Promise.all(
      webviewEntries().map(async (entry) =>
        esbuild.context({
          ...common,
          entryPoints: [entry.in],
          outfile: `dist/webview/${entry.out}.js`,
          platform: 'browser',
          format: 'iife',
          target: 'es2022',
          // Fonts a stylesheet names (the codicons the topology draws) are copied beside it.
          loader: { '.ttf': 'file' },
          define: await webviewDefines(entry),
        }),
      ),
    )),
  ]);
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
