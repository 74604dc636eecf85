// The README is a front door: every figure it states comes from `npm run bench` (the block
// scripts/readmeFigures.mjs writes), and every link stays inside the repository.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const readme = readFileSync(path.resolve(__dirname, '..', '..', '..', 'README.md'), 'utf8');
const START = '<!-- figures: written by npm run bench';
const END = '<!-- /figures -->';

test('README: sizes and times only in the block npm run bench writes', () => {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  assert.ok(start >= 0 && end > start, 'the figures block is there');
  const typed = readme.slice(0, start) + readme.slice(end);
  const figures = typed.match(/\b\d[\d.,]*\s?(?:KiB|MiB|kB|MB|GB|ms|s|seconds|minutes|×)(?![\w/])/g) ?? [];
  assert.deepEqual(figures, [], 'figures typed outside the generated block');
});

test('README: links and images stay inside the repository', () => {
  const targets = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((match) => match[1]);
  assert.ok(targets.length > 0);
  assert.deepEqual(
    targets.filter((target) => /^[a-z]+:/i.test(target) || target.startsWith('//') || target.startsWith('..')),
    [],
  );
});
