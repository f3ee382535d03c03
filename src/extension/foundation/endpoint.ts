// Where requests go: a provider plus a base URL. Names it for people ("Writer (api.writer.com)")
// and answers the two security questions about it: which origin owns the key, is it loopback.
import { PROVIDER_NAMES } from '../../core';
import type { Provider } from '../../core/types';

function providerName(provider: Provider): string {
  return provider === 'writer' ? PROVIDER_NAMES.writer : `${PROVIDER_NAMES[provider]} API`;
}

/** `https://api.writer.com/v1` → `https://api.writer.com`; '' when the URL does not parse. */
export function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return '';
  }
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl || 'no base URL';
  }
}

/** e.g. "Writer (api.writer.com)", "OpenAI-compatible API (localhost:11434)". */
export function endpointLabel(provider: Provider, baseUrl: string): string {
  return `${providerName(provider)} (${hostOf(baseUrl)})`;
}

/** True for localhost, *.localhost, 127.0.0.0/8 and ::1: traffic that never leaves the machine. */
export function isLoopback(baseUrl: string): boolean {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '::1';
}

/** Plain http to a host that is not loopback: the key would cross the network readable. */
export function isInsecureRemote(baseUrl: string): boolean {
  return baseUrl.startsWith('http://') && !isLoopback(baseUrl);
}
