import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'demo-output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
        TextDecoder: 'readonly',
        NodeJS: 'readonly'
      }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error'
    }
  },
  {
    // The README's habit for the action's own code: no function much over 80 lines or a cyclomatic
    // complexity of 15 (optional chaining and ?? count, as eslint counts them).
    files: ['src/**'],
    rules: {
      complexity: ['error', 15],
      'max-lines-per-function': ['error', { max: 85, skipBlankLines: true, skipComments: true }]
    }
  },
  { files: ['scripts/**', 'test/**'], rules: { 'no-console': 'off' } }
)
