import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const JS_EXTENSION = {
  regex: '^\\.{1,2}/.*\\.js$',
  message:
    "Import sources without '.js': Forge bundles src/ with webpack, which resolves './x' to x.ts but not './x.js'.",
};

/** A relative import that reaches into one of `folders` (src/<folder>/…). */
function into(folders, message) {
  return { regex: `^\\.{1,2}/(.*/)?(${folders.join('|')})(/|$)`, message };
}

/** no-restricted-imports: the '.js' rule everywhere, plus a layer's own boundaries. */
function boundaries(...patterns) {
  return ['error', { patterns: [JS_EXTENSION, ...patterns] }];
}

/** Selectors for reading the clock, which the core and the Linear adapter take as an argument. */
function noClock(message) {
  return [
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message },
    { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message },
  ];
}

// The layering, core ← jira / linear ← cli: the core is pure (no I/O, no tracker, no clock),
// and neither adapter knows the other.
const CORE_PURE =
  'src/core is pure: no I/O, no tracker SDKs, no adapters — pass data and the as-of date in.';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist.next-*',
      'node_modules/',
      'coverage/',
      'static/**/build/',
      'test/artifacts/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': boundaries(),
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': boundaries(
        into(['jira', 'linear', 'cli', 'contract'], CORE_PURE),
        {
          regex: `^(node:.*|${builtinModules.map((m) => m.replace('/', '\\/')).join('|')})$`,
          message: CORE_PURE,
        },
        { regex: '^(@forge/|@linear/|better-sqlite3$|pg$|react)', message: CORE_PURE },
      ),
      'no-restricted-syntax': [
        'error',
        ...noClock('src/core reads no clock: take the as-of date as an argument.'),
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'src/core is deterministic: the same input gives the same plan.',
        },
      ],
      'no-restricted-globals': ['error', 'process', 'fetch', 'setTimeout', 'setInterval'],
    },
  },
  {
    files: ['src/jira/**'],
    rules: {
      'no-restricted-imports': boundaries(
        into(['linear', 'cli'], 'The Jira adapter knows the core, not Linear or the CLI.'),
        {
          regex: '^(@linear/|better-sqlite3$|pg$)',
          message: 'The Jira adapter runs on Forge: no Linear SDK, no database driver.',
        },
      ),
    },
  },
  {
    files: ['src/linear/**'],
    rules: {
      'no-restricted-imports': boundaries(
        into(['jira', 'cli'], 'The Linear adapter knows the core, not Jira or the CLI.'),
        { regex: '^@forge/', message: 'The Linear adapter does not run on Forge.' },
      ),
      'no-restricted-syntax': [
        'error',
        ...noClock('src/linear reads no clock: take a Clock (src/linear/clock.ts) as an argument.'),
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], extends: [tseslint.configs.disableTypeChecked] },
);
