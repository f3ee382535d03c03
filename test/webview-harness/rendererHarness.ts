// Browser entry for the renderer tests and the render benchmark (not shipped): exposes the
// streaming renderer, the one-shot render and a naive re-render-everything baseline on window.
import { benchOneShot, benchStream, NaiveMarkdown } from './benchDriver';
import { renderOneShot, StreamingMarkdown } from '../../src/webview/render/streamingMarkdown';
import { codeLagPerFrame, lagPerFrame, midStreamShapes, renderHostile, streamInPage } from './rendererChecks';

declare global {
  interface Window {
    streamRenderer: {
      StreamingMarkdown: typeof StreamingMarkdown;
      NaiveMarkdown: typeof NaiveMarkdown;
      renderOneShot: typeof renderOneShot;
      streamInPage: typeof streamInPage;
      midStreamShapes: typeof midStreamShapes;
      renderHostile: typeof renderHostile;
      lagPerFrame: typeof lagPerFrame;
      codeLagPerFrame: typeof codeLagPerFrame;
      benchStream: typeof benchStream;
      benchOneShot: typeof benchOneShot;
    };
  }
}

window.streamRenderer = { StreamingMarkdown, NaiveMarkdown, renderOneShot, streamInPage, midStreamShapes, renderHostile, lagPerFrame, codeLagPerFrame, benchStream, benchOneShot };
