// Lint = the layer rules of docs/DEVELOPING.md, enforced (run by `npm test` and CI):
//   src/core      speaks no VS Code: imports nothing from vscode, src/extension, src/webview, src/cli (of src/shared only text.ts)
//   src/webview   is browser code: imports only src/shared (and its own files), never vscode
//   src/shared    is the host↔webview contract: imports nothing else from src
//   a feature     (src/extension/<feature>) never imports another feature; they meet in services.ts
//   src/          never imports test/ or bench/
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const FEATURES = ['chat', 'editor', 'knowledge', 'lm'];
const featureZones = FEATURES.map((feature) => ({
  target: `./src/extension/${feature}`,
  from: FEATURES.filter((f) => f !== feature).map((f) => `./src/extension/${f}`),
  message: 'A feature never imports another feature: put what they share behind services.ts (or foundation).',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test/ui/page/**', '**/*.mjs', '**/*.js'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/core', from: ['./src/extension', './src/webview', './src/cli', './src/extension.ts'], message: 'The core runs in plain Node and knows no UI.' },
            { target: './src/core', from: './src/shared', except: ['./text.ts'], message: 'The core may use the shared text helpers, not the webview protocol.' },
            { target: './src/webview', from: './src', except: ['./webview', './shared'], message: 'The webview talks to the host only through src/shared/webviewProtocol.ts.' },
            { target: './src/shared', from: './src', except: ['./shared'], message: 'src/shared is the contract both sides import; it imports neither.' },
            { target: './src', from: ['./test', './bench'], message: 'Product code never imports tests or benchmarks.' },
            ...featureZones,
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/webview/**/*.ts', 'src/shared/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/extension may import vscode.' }] }],
    },
  },
);
