import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // The store boundary (docs/database.md): outside server/store/, a database filter names one
  // field. The embedded FerretDB runs a filter of several fields, and $and/$or, in Go over the
  // whole collection; what it needs instead (composite keys, reading by one field and telling
  // apart in code) lives in server/store/, so the services read the same on MongoDB.
  {
    files: ['server/**/*.{ts,tsx,mjs}', 'app/**/*.{ts,tsx}'],
    ignores: ['server/store/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "CallExpression[callee.property.name='where'] > ObjectExpression:first-child[properties.length>1]",
          'CallExpression[callee.property.name=/^(find|findOne|countDocuments|distinct|deleteOne|deleteMany|updateOne|updateMany|replaceOne|findOneAndUpdate|findOneAndDelete|findOneAndReplace)$/] > ObjectExpression:first-child[properties.length>1]',
          'CallExpression[callee.name=/^delete(In|Ids)Batches$/] > ObjectExpression[properties.length>1]',
          'Property[key.value=/^[$](and|or|nor)$/]',
          'Property[key.name=/^[$](and|or|nor)$/]',
        ].map((selector) => ({
          selector,
          message:
            'A database filter names one field outside server/store/ (FerretDB runs several fields, $and and $or in Go over the whole collection): add a store function there.',
        })),
      ],
    },
  },
  // Playwright fixtures receive a `use` callback that is not React's hook.
  { files: ['e2e/**'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
  {
    ignores: [
      'screenshots/**',
      '.next/**',
      '.data/**',
      'node_modules/**',
      'prisma/contract.d.ts',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
];

export default config;
