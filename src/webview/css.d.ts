// Lets main.ts import the stylesheet that esbuild bundles into dist/webview.css.
declare module '*.css';
