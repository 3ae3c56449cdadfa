// A TCP proxy in front of PostgreSQL for fault tests: `up` forwards, `stall` keeps connections
// open but passes nothing (a frozen server or network), `down` cuts every connection and refuses
// new ones (a killed server). Never touches the real server; only what goes through it.
import net from 'node:net';

export type ProxyMode = 'up' | 'stall' | 'down';

export class FaultProxy {
  private server: net.Server | null = null;
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  mode: ProxyMode = 'up';
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<number> {
    this.server = net.createServer((client) => {
      if (this.mode === 'down') return client.destroy();
      const upstream = net.connect(this.target.port, this.target.host);
      const pair: [net.Socket, net.Socket] = [client, upstream];
      this.pairs.add(pair);
      const drop = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.on('data', (d) => { if (this.mode === 'up') upstream.write(d); });
      upstream.on('data', (d) => { if (this.mode === 'up') client.write(d); });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server!.address() as net.AddressInfo).port;
    return this.port;
  }

  /** The same URL with host and port replaced by the proxy's. */
  url(of: string): string {
    const u = new URL(of);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  set(mode: ProxyMode): void {
    this.mode = mode;
    if (mode === 'down') for (const [c, u] of this.pairs) { c.destroy(); u.destroy(); }
  }

  async stop(): Promise<void> {
    this.set('down');
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
