// The test runner behind `npm test`: format, lint, typecheck, then the four test tiers in order.
// Every check counts: a non-test check is one test, a test file contributes the counts node:test
// reports in its TAP output. Ends with exactly one `N passed, N failed, N skipped` line; exits
// non-zero iff something failed. `--only=unit` (or another tier, or several joined by commas) runs
// just those tiers, the same way: `npm run test:unit` is `--only=unit`.
//
// What each tier may need, so that its name says what a failure means:
// - unit (test/unit): nothing but Node: no root, no network namespaces, no external programs
//   (tshark, nmap, tcpdump, openssl, python3…), no network beyond loopback sockets in-process;
//   the whole tier takes about a minute.
// - webview (test/webview): the dashboard bundle in Chromium, no VS Code.
// - integration (test/integration): the oracles (tshark, nmap, tcpdump, openssl, python3) and
//   labs of network namespaces built by the tests themselves (root).
// - e2e (test/e2e): the real VS Code (code-server) driven through Chromium, with labs.
// Throughput is measured in bench/ (`npm run bench`), never here.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
const suites = [];
/** The test tiers in the order they run, each with its folder (see the header for what each may need). */
const TIERS = { unit: 'test/unit', webview: 'test/webview', integration: 'test/integration', e2e: 'test/e2e' };

/**
 * Runs a command with inherited output, or with its output gathered into `collect.text` (to be
 * printed whole later); resolves to its exit code.
 */
function exec(command, args, { timeoutMs = 30 * 60_000, collect } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: collect ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (collect) {
      collect.text = '';
      const gather = (chunk) => (collect.text += chunk);
      child.stdout.setEncoding('utf8').on('data', gather);
      child.stderr.setEncoding('utf8').on('data', gather);
    }
    const timer = setTimeout(() => {
      console.error(`\n[test] ${path.basename(command)} still running after ${timeoutMs / 1000} s: killing it`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      console.error(`[test] cannot run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

function banner(title) {
  console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}`);
}

/**
 * Checks that are not tests (format, lint, typecheck), each counted as one test. They run side by
 * side (each uses one core at most) and each one's output is printed whole, in order.
 */
async function checks(list) {
  const runs = list.map(async ({ name, command, args }) => {
    const collect = {};
    const started = Date.now();
    const code = await exec(command, args, { collect });
    return { name, code, output: collect.text ?? '', ms: Date.now() - started };
  });
  for (const { name, code, output, ms } of await Promise.all(runs)) {
    banner(name);
    process.stdout.write(output);
    suites.push({ name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0, ms });
  }
}

/** Test files below `dir`, sorted: Node 20's `--test` does not expand globs itself. */
function testFiles(dir) {
  const found = [];
  const walk = (current) => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.test.ts')) found.push(path.relative(root, full));
    }
  };
  walk(path.join(root, dir));
  return found.sort();
}

/** The last summary node:test wrote, plus the reasons of skipped tests. */
function parseTap(file) {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const count = (key) => {
    const matches = [...text.matchAll(new RegExp(`^# ${key} (\\d+)$`, 'gm'))];
    return matches.length ? Number(matches[matches.length - 1][1]) : undefined;
  };
  const pass = count('pass');
  if (pass === undefined) return undefined;
  const skips = [...text.matchAll(/^\s*ok \d+ - .*# SKIP ?(.*)$/gm)];
  const reasons = new Set(skips.map((match) => match[1].trim()));
  return {
    passed: pass,
    failed: (count('fail') ?? 0) + (count('cancelled') ?? 0),
    // A skipped describe() is missing from node's own count; its SKIP line still shows it.
    skipped: Math.max(count('skipped') ?? 0, skips.length) + (count('todo') ?? 0),
    reasons: [...reasons].filter(Boolean),
  };
}

/** The marker of a test file that mostly waits (minutes of paced lab traffic, a run to be killed). */
const WAITS = /^\/\/ test-lane: waits\b/m;

/**
 * Runs `files` with node:test, its TAP in `tap`; the spec report goes to the terminal, or to
 * `spec` when given (a lane beside another: printed whole afterwards, not interleaved).
 */
function runFiles(files, tap, spec) {
  rmSync(tap, { force: true });
  return exec(process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1', // lab suites use distinct subnets, but share CPU: timings stay honest
    '--test-reporter=spec',
    `--test-reporter-destination=${spec ?? 'stdout'}`,
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ]);
}

/**
 * Packages LAN Lens's VSIX once for the e2e tier, where each test file would otherwise package it
 * in its own process (about 10 s each): LANLENS_VSIX_PACKAGED_IN names the tree it was packaged in,
 * and test/workbench/artifacts.ts (which knows the VSIX's name) installs it from there. If packaging
 * fails here, each file packages and fails on its own.
 */
async function packageForE2e() {
  console.log('[test] e2e: packaging the VSIX every file installs');
  const code = await exec(process.execPath, ['scripts/package.mjs', '--target', 'linux-x64'], { timeoutMs: 180_000 });
  if (code === 0) process.env.LANLENS_VSIX_PACKAGED_IN = root;
}

/**
 * One tier. Files marked `// test-lane: waits` (they spend minutes pacing traffic or waiting for a
 * helper to be killed, using little CPU) run in a second lane beside the others, so the tier takes
 * about as long as its busier lane rather than the sum; their report follows the others'.
 */
async function testSuite(name, dir) {
  banner(name);
  const files = testFiles(dir);
  if (!files.length) {
    console.log(`no test files under ${dir}`);
    suites.push({ name, passed: 0, failed: 0, skipped: 0, ms: 0 });
    return;
  }
  const waiting = files.filter((file) => WAITS.test(readFileSync(path.join(root, file), 'utf8')));
  const busy = files.filter((file) => !waiting.includes(file));
  const lanes = [{ files: busy, tap: path.join(results, `${name}.tap`) }];
  if (waiting.length) {
    const tap = path.join(results, `${name}-waiting.tap`);
    lanes.push({ files: waiting, tap, spec: tap.replace(/\.tap$/, '.spec.txt') });
    console.log(`[test] ${name}: ${waiting.join(', ')} run beside the others (they mostly wait)`);
  }
  const started = Date.now();
  if (name === 'e2e') await packageForE2e();
  const codes = await Promise.all(
    lanes.map((lane) => (lane.files.length ? runFiles(lane.files, lane.tap, lane.spec) : Promise.resolve(0))),
  );
  const suite = { name, passed: 0, failed: 0, skipped: 0, ms: Date.now() - started, reasons: [] };
  lanes.forEach((lane, i) => {
    if (lane.spec) {
      console.log(`\n[test] ${name}: the files run beside the others`);
      try {
        process.stdout.write(readFileSync(lane.spec, 'utf8'));
      } catch {
        console.log('(no report)');
      }
    }
    if (!lane.files.length) return;
    const counts = parseTap(lane.tap);
    for (const key of ['passed', 'failed', 'skipped']) suite[key] += counts?.[key] ?? 0;
    suite.reasons.push(...(counts?.reasons ?? []));
    // A runner that died before reporting (or reported success but exited badly) is a failure too.
    if (!counts || (codes[i] !== 0 && (counts.failed ?? 0) === 0)) {
      console.error(
        `[test] ${name}: node --test exited ${codes[i]} ${counts ? 'with no failing test' : 'without a summary'}`,
      );
      suite.failed += 1;
    }
  });
  for (const reason of new Set(suite.reasons)) console.log(`[test] ${name}: skipped because ${reason}`);
  suites.push(suite);
}

async function main() {
  mkdirSync(results, { recursive: true });
  const setupStatus = process.argv.find((arg) => arg.startsWith('--setup-status='));
  if (setupStatus) {
    const code = Number(setupStatus.split('=')[1]);
    suites.push({ name: 'setup', passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0, ms: 0 });
  }
  const only = process.argv
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const unknown = only?.filter((name) => !(name in TIERS)) ?? [];
  if (unknown.length) {
    console.error(`[test] no tier ${unknown.join(', ')}: the tiers are ${Object.keys(TIERS).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  if (!only) {
    const bin = (name) => path.join(root, 'node_modules', '.bin', name);
    await checks([
      { name: 'format', command: bin('prettier'), args: ['--check', '.'] },
      { name: 'lint', command: bin('eslint'), args: ['.'] },
      { name: 'typecheck', command: process.execPath, args: ['scripts/typecheck.mjs'] },
    ]);
  }
  for (const [name, dir] of Object.entries(TIERS)) {
    if (!only || only.includes(name)) await testSuite(name, dir);
  }

  banner('summary');
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const suite of suites) {
    for (const key of Object.keys(total)) total[key] += suite[key];
    const seconds = suite.ms ? ` (${(suite.ms / 1000).toFixed(1)} s)` : '';
    const status = suite.failed ? 'FAIL' : suite.passed || !suite.skipped ? 'ok  ' : 'skip';
    console.log(
      `${status} ${suite.name.padEnd(12)} ${suite.passed} passed, ${suite.failed} failed, ${suite.skipped} skipped${seconds}`,
    );
  }
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exitCode = total.failed ? 1 : 0;
}

await main();
