// VS Code's proxy settings for the core's own transport: undici bypasses VS Code's patched
// http stack, so `http.proxy`, `http.noProxy`, `http.proxyStrictSSL` and `http.proxyAuthorization`
// must be passed on explicitly (the core adds HTTP(S)_PROXY / NO_PROXY from the environment itself).
import * as vscode from 'vscode';
import type { ProxyOptions } from '../../core/types';

export function readProxySettings(): ProxyOptions {
  const http = vscode.workspace.getConfiguration('http');
  const url = http.get<string>('proxy')?.trim();
  const rawNoProxy = http.get<unknown>('noProxy');
  const noProxy: unknown[] = Array.isArray(rawNoProxy) ? rawNoProxy : [];
  const proxy: ProxyOptions = { strictSSL: http.get<boolean>('proxyStrictSSL') !== false };
  if (url) proxy.url = url;
  const authorization = http.get<unknown>('proxyAuthorization');
  if (typeof authorization === 'string' && authorization.trim()) proxy.authorization = authorization.trim();
  const hosts = noProxy.filter((h): h is string => typeof h === 'string' && h.trim() !== '').map((h) => h.trim());
  if (hosts.length) proxy.noProxy = hosts;
  return proxy;
}
