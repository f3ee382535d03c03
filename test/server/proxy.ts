// A real HTTP CONNECT proxy on 127.0.0.1 for proxy tests, optionally requiring Basic proxy auth.
// It records every tunnel request (target, whether auth was valid) — never the credentials.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxyTunnel {
  /** host:port asked for in CONNECT. */
  target: string;
  auth: 'none' | 'valid' | 'invalid';
  /** 200 tunnel opened, 407 auth required, 502 upstream unreachable. */
  status: number;
}

export interface ConnectProxy {
  /** http://127.0.0.1:PORT (add credentials yourself: http://user:pass@127.0.0.1:PORT). */
  url: string;
  port: number;
  tunnels: ProxyTunnel[];
  close(): Promise<void>;
}

/** `auth: 'user:pass'` makes the proxy answer 407 unless `Proxy-Authorization: Basic …` matches. */
export async function startConnectProxy(options: { auth?: string } = {}): Promise<ConnectProxy> {
  const tunnels: ProxyTunnel[] = [];
  const sockets = new Set<Socket>();
  const expected = options.auth ? `Basic ${Buffer.from(options.auth).toString('base64')}` : undefined;
  const server: Server = createServer((_req, res) => {
    res.writeHead(405, { 'content-type': 'text/plain' }).end('This test proxy only supports CONNECT.');
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const given = req.headers['proxy-authorization'];
    const auth: ProxyTunnel['auth'] = !given ? 'none' : given === expected ? 'valid' : 'invalid';
    const tunnel: ProxyTunnel = { target: req.url ?? '', auth, status: 0 };
    tunnels.push(tunnel);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (expected && auth !== 'valid') {
      tunnel.status = 407;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = tunnel.target.split(':');
    const upstream = connect(Number(port), host, () => {
      tunnel.status = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => {
      if (tunnel.status === 0) {
        tunnel.status = 502;
        client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      } else client.destroy();
    });
    // Either side closing tears the tunnel down, so a client abort reaches the server at once.
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
