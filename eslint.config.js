// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, lowest first (ARCHITECTURE.md, "Layers"). A folder imports only from
 * folders in lower rows; folders in one row do not import each other. The composition root
 * (cli/ and app.ts) sits above them all and imports anything.
 */
const LAYERS = [
  ['domain'],
  ['sources', 'fetch', 'analysis', 'reliability', 'catalog', 'config'],
  ['parse-worker'],
  ['storage'],
  ['ingest', 'alerts', 'observability', 'cluster'],
  ['watch-list', 'own-page'],
  ['web', 'twin'],
];
const COMPOSITION_ROOT = ['cli', 'app.ts'];

/** One no-restricted-imports entry per folder: its own row and every row above it are refused. */
function layerRules() {
  return LAYERS.flatMap((row, rank) =>
    row.map((folder) => {
      const above = LAYERS.slice(rank)
        .flat()
        .filter((f) => f !== folder)
        .concat(COMPOSITION_ROOT);
      const names = above.map((f) => f.replaceAll('.', '\\.')).join('|');
      return {
        files: [`src/${folder}/**/*.{ts,js}`],
        // A unit test may set up with a higher layer (a capture parsed by sources, a real
        // store), as a composition root would; the rule guards the product's own imports.
        ignores: ['**/*.test.ts'],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              patterns: [
                {
                  // Relative specifiers only: src/ has no path aliases. `(?:\.\./)+` climbs to src/.
                  regex: `^(?:\\.\\./)+(?:${names})(?:/|$)`,
                  message: `src/${folder} is in layer ${rank + 1}: it imports only from lower layers (ARCHITECTURE.md, "Layers"). Declare a port here and wire it in at the composition root.`,
                },
              ],
            },
          ],
        },
      };
    }),
  );
}

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.build-test-*', 'data', 'test-results', 'coverage', 'bin'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `const { secret: _s, ...rest } = x` is how an object is copied without a field.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  ...layerRules(),
);
