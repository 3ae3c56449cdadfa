// The production shape as files: the alert rules pass promtool and use only metric names the
// service really registers (as does the Grafana dashboard); HAProxy's configuration is valid and
// forwards the client's address, which the compose file's apps believe from HAProxy only.
import { execFileSync, spawnSync } from 'node:child_process';
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMetrics } from '../admin-api/metrics.js';

const here = 'deploy';
const promtool = spawnSync('promtool', ['--version']).status === 0;
const haproxy = spawnSync('haproxy', ['-v']).status === 0;

/** Every metric family the service registers (histograms add _bucket, _sum, _count). */
async function exportedNames(): Promise<Set<string>> {
  const m = createMetrics();
  const names = new Set<string>();
  for (const metric of await m.registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (metric.type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(metric.name + s);
  }
  return names;
}

/** Metric names in a PromQL expression: identifiers followed by a selector, a range or an operator, minus functions and keywords. */
function namesIn(expr: string): string[] {
  const words = expr.replace(/"[^"]*"/g, '""').match(/[a-z_][a-z0-9_]*(?=\s*(\{|\[|\)|\s*[<>=!]|$|\s*\/))/gi) ?? [];
  const notMetrics = new Set(['by', 'without', 'le', 'on', 'ignoring', 'and', 'or', 'unless', 'bool']);
  return words.filter((w) => !notMetrics.has(w) && /_/.test(w) && !/^(histogram_quantile|clamp_min|rate|sum|max|min)$/.test(w));
}

describe('deploy/prometheus/alerts.yml', () => {
  it.skipIf(!promtool)('passes promtool check rules', () => {
    const out = execFileSync('promtool', ['check', 'rules', join(here, 'prometheus', 'alerts.yml')], { encoding: 'utf8' });
    expect(out).toMatch(/SUCCESS: \d+ rules found/);
  });
  if (!promtool) it('promtool is not installed: the rules were not checked (apt-get install prometheus; scripts/setup-debian.sh)', () => {});

  it('uses only metric names the service exports (plus Prometheus\'s own `up`)', async () => {
    const exported = await exportedNames();
    const rules = parse(readFileSync(join(here, 'prometheus', 'alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const used = rules.groups.flatMap((g) => g.rules).flatMap((r) => namesIn(r.expr).map((n) => ({ alert: r.alert, n })));
    expect(used.length).toBeGreaterThan(8);
    for (const { alert, n } of used) expect(exported.has(n) || n === 'up', `${alert}: ${n}`).toBe(true);
    // What the brief asks to watch.
    const all = used.map((u) => u.n);
    for (const n of ['ivr_calls_in_progress', 'ivr_turn_latency_seconds_bucket', 'ivr_dropouts_total', 'http_request_duration_seconds_count', 'ivr_outbox_backlog', 'ivr_ready']) expect(all).toContain(n);
  });

  it('the Grafana dashboard parses and uses only exported metric names', async () => {
    const exported = await exportedNames();
    const dash = JSON.parse(readFileSync(join(here, 'grafana', 'ivr-dashboard.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    const used = dash.panels.flatMap((p) => p.targets.flatMap((t) => namesIn(t.expr).map((n) => `${p.title}: ${n}`)));
    expect(used.length).toBeGreaterThan(8);
    for (const u of used) expect(exported.has(u.split(': ')[1]!), u).toBe(true);
  });
});

describe('deploy/haproxy.cfg and deploy/compose.yaml', () => {
  it.skipIf(!haproxy)('HAProxy accepts the configuration (with a throw-away certificate)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-haproxy-'));
    try {
      execSync(`openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=test -days 1 -keyout ${dir}/k.pem -out ${dir}/c.pem 2>/dev/null && cat ${dir}/c.pem ${dir}/k.pem > ${dir}/site.pem`);
      const cfg = readFileSync(join(here, 'haproxy.cfg'), 'utf8').replace('/usr/local/etc/haproxy/certs/site.pem', join(dir, 'site.pem'));
      writeFileSync(join(dir, 'haproxy.cfg'), cfg);
      const r = spawnSync('haproxy', ['-c', '-f', join(dir, 'haproxy.cfg')], { encoding: 'utf8' });
      expect(r.status, r.stderr + r.stdout).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('two apps behind HAProxy on PostgreSQL and Redis; X-Forwarded-For believed from HAProxy\'s address only', () => {
    const cfg = readFileSync(join(here, 'haproxy.cfg'), 'utf8');
    expect(cfg).toMatch(/^\s*option forwardfor\s*$/m);
    expect(cfg).toMatch(/option httpchk GET \/api\/ready/);
    const compose = parse(readFileSync(join(here, 'compose.yaml'), 'utf8'), { merge: true }) as {
      services: Record<string, { environment?: Record<string, string>; networks?: Record<string, { ipv4_address?: string }> | string[]; image?: string }>;
    };
    expect(Object.keys(compose.services).sort()).toEqual(['app1', 'app2', 'haproxy', 'postgres', 'prometheus', 'redis']);
    const balancer = (compose.services.haproxy!.networks as Record<string, { ipv4_address: string }>).ivr!.ipv4_address;
    for (const app of ['app1', 'app2']) {
      const env = compose.services[app]!.environment!;
      expect(env.TRUST_PROXY).toBe(balancer);
      expect(env.NODE_ENV).toBe('production');
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env.BACKUP_KEY).toMatch(/^\$\{BACKUP_KEY:\?/);
    }
    for (const app of ['app1', 'app2']) expect(cfg).toContain(`server ${app} ${app}:3000`);
  });
});
