// ESLint (typescript-eslint's recommended rules) over every TypeScript file; Prettier owns the layout.
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.data/**', 'bench/results/**', '**/generated/**'] },
  eslint.configs.recommended,
  tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  {
    rules: {
      // Unused names are type errors already (tsconfig noUnusedLocals); `_`-prefixed arguments are allowed.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // An initial value that states a loop variable's type reads better; TypeScript flags a real use before assignment.
      'no-useless-assignment': 'off',
    },
  },
  {
    // Tests read GraphQL answers whose shape each assertion states.
    files: ['**/test/**', 'tests/**', 'platform/src/testing.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
