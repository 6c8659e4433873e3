// ESLint flat config. TypeScript (src/, test/, ormconfig.ts): typescript-eslint's recommended
// type-checked rules. Plain JS (bench/ node scripts, console/ browser modules, config files):
// ESLint's recommended rules (.dependency-cruiser.cjs is such a config file).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The globals the plain JS uses, listed here rather than pulling in the `globals` package.
const shared = ['console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'URL', 'URLSearchParams', 'fetch', 'crypto', 'Intl', 'Blob', 'AbortController', 'TextEncoder', 'TextDecoder', 'queueMicrotask', 'structuredClone', 'performance', 'globalThis'];
const readonly = (names) => Object.fromEntries(names.map((n) => [n, 'readonly']));
const nodeGlobals = readonly([...shared, 'process', 'Buffer', 'setImmediate', 'clearImmediate', 'require', 'module', 'exports', '__dirname', '__filename']);
const browserGlobals = readonly([...shared, 'window', 'document', 'navigator', 'location', 'history', 'sessionStorage', 'localStorage', 'alert', 'confirm', 'Node', 'HTMLElement', 'Event', 'FormData', 'File', 'FileReader']);

export default tseslint.config(
  {
    ignores: ['dist/', 'coverage/', 'node_modules/', 'data/', 'test/artifacts/', 'bench/results/'],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `const { dropped: _, ...kept } = value` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // supertest's response bodies are `any`; the specs read them freely.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['bench/**/*.js', 'scripts/**/*.js', '*.js', '*.cjs', 'test/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: nodeGlobals },
  },
  {
    files: ['console/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'module', globals: browserGlobals },
  },
  {
    files: ['*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'module', globals: nodeGlobals },
  },
);
