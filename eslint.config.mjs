// Type-checked linting; the import rules repeat the tsconfig walls so a leak is named plainly.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'net', 'dgram', 'dns', 'crypto', 'stream', 'events', 'util'];
const restrict = (names, message) => ({
  'no-restricted-imports': [
    'error',
    { paths: names.map((name) => ({ name, message })), patterns: [{ group: ['node:*'], message }] },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'scripts/forbidden/**',
      '.cache/**',
      'test-results/**',
      'out/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      // Files stay small and named for what they hold: split around 400 lines.
      'max-lines': ['error', { max: 400 }],
    },
  },
  {
    // A function reads at once: the product's code keeps functions under about 80 lines (tests'
    // describe blocks are lists, not functions to read through).
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict(
      ['vscode', 'cap', ...nodeBuiltins],
      'src/shared is platform-neutral: no vscode, Node or native imports.',
    ),
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: restrict(
      ['vscode', 'cap', ...nodeBuiltins],
      'Webview code runs in a browser: no vscode, Node or native imports.',
    ),
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'cap', message: 'Native modules load only in the helper (Electron has another ABI).' }] },
      ],
    },
  },
  {
    files: ['src/helper/**/*.ts', 'test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'Only src/extension may import vscode.' }] },
      ],
    },
  },
  {
    // The extension-host suite runs inside VS Code: it is the one test folder that may import vscode.
    files: ['test/extensionHost/**/*.ts'],
    ignores: ['test/extensionHost/harnessProtocol.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // node:test's describe/test/hooks return promises its runner already awaits.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'suite', 'test', 'it', 'before', 'after'] },
          ],
        },
      ],
    },
  },
  {
    files: ['src/helper/**/*.ts'],
    ignores: ['src/helper/cli/**'],
    rules: { 'no-console': 'error' },
  },
);
