// The shipped manifests against a real API server: deploy/crds.yaml installs and its schemas
// judge Mappings as `attache validate` does (same verdict, same field named); the status
// subresource works; deploy/attache.yaml passes a server-side dry run; and once applied, its
// RBAC lets attache's ServiceAccount read what it watches and write only status and its Lease.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startAttache, type Attache } from '../support/harness/attache.js';
import { startBackend, type Backend } from '../support/harness/backend.js';
import { request } from '../support/harness/http.js';
import { waitFor } from '../support/harness/wait.js';
import { killClusterOnProcessEnd, startCluster, stopCluster } from '../support/kube-cluster.js';
import { PLURALS, permissionMatrix, wrongAnswers } from './helpers/rbac-matrix.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLUSTER = `deploy-${process.pid}`;
const NS = 'demo';
const SA = 'system:serviceaccount:attache:attache';
/** A cold first run may build the cluster binaries (minutes); a cached start takes seconds. */
const SETUP_TIMEOUT_MS = 20 * 60_000;

interface Result { readonly code: number; readonly stdout: string; readonly stderr: string }

let kubeconfig = '';
let kubectlBin = '';
let workDir = '';
let forgetCluster: () => void = () => {};
let attache: Attache | undefined;
let backend: Backend | undefined;

function exec(bin: string, args: string[], input = ''): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = execFile(bin, args, { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      if (code === -1) reject(err);
      else resolve({ code, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

const kubectlResult = (args: string[], input?: string) => exec(kubectlBin, ['--kubeconfig', kubeconfig, ...args], input);

async function kubectl(args: string[], input?: string): Promise<string> {
  const r = await kubectlResult(args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

const validate = (file: string) => exec(process.execPath, [join(ROOT, 'bin/attache'), 'validate', file]);

function writeManifest(name: string, docs: object[]): string {
  const file = join(workDir, `${name}.yaml`);
  writeFileSync(file, docs.map((d) => JSON.stringify(d)).join('\n---\n'));
  return file;
}

function mapping(name: string, spec: object | undefined): object {
  return { apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name, namespace: NS }, ...(spec ? { spec } : {}) };
}

/** `kubectl auth can-i` as attache's ServiceAccount: `yes` exits 0, `no` exits 1. */
async function canI(args: string): Promise<boolean> {
  const r = await kubectlResult(['auth', 'can-i', ...args.split(' '), `--as=${SA}`]);
  assert.ok(r.code === 0 || r.code === 1, `can-i ${args}: ${r.stderr}`);
  return r.stdout.trim() === 'yes';
}

const RICH_SPEC = {
  prefix: '/rich/',
  service: 'https://rich.demo:8443',
  hostname: '*.example.com',
  headers: { 'x-a': 'b', 'x-present': true },
  query_parameters: { debug: true },
  precedence: 2,
  timeout_ms: 5000,
  weight: 50,
  ambassador_id: ['default'],
  add_request_headers: { 'x-plain': 'v', 'x-obj': { value: 'w', append: false } },
  remove_response_headers: 'x-server',
  cors: { origins: ['https://a.example', 'https://b.example'], methods: 'GET,POST', credentials: true },
  load_balancer: { policy: 'ring_hash', header: 'x-user' },
  retry_policy: { retry_on: '5xx', num_retries: 3, per_try_timeout: '1.5s' },
  labels: { ambassador: [{ request_label_group: [{ generic_key: { value: 'k' } }] }] },
  envoy_override: { per_filter_config: { x: 1 } },
};

describe('deploy/: CRDs, install manifests and RBAC on a real API server', { timeout: SETUP_TIMEOUT_MS }, () => {
  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'attache-deploy-'));
    forgetCluster = killClusterOnProcessEnd(CLUSTER);
    const state = await startCluster(CLUSTER);
    kubeconfig = state.kubeconfig;
    kubectlBin = state.kubectl;
  });

  after(async () => {
    await attache?.stop();
    await backend?.stop();
    await stopCluster(CLUSTER);
    forgetCluster();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('deploy/crds.yaml applies and every CRD becomes Established', async () => {
    await kubectl(['apply', '-f', join(ROOT, 'deploy/crds.yaml')]);
    await kubectl(['wait', '--for=condition=Established', 'crd', '-l', 'app.kubernetes.io/part-of=attache', '--timeout=60s']);
    const crds = JSON.parse(await kubectl(['get', 'crd', '-l', 'app.kubernetes.io/part-of=attache', '-o', 'json'])) as { items: any[] };
    assert.deepEqual(crds.items.map((c) => c.spec.names.plural).sort(), [...PLURALS].sort());
    const served = (await kubectl(['api-resources', '--api-group=getambassador.io', '-o', 'name'])).trim().split('\n').sort();
    assert.deepEqual(served, PLURALS.map((p) => `${p}.getambassador.io`).sort());
    await kubectl(['create', 'namespace', NS]);
  });

  it('a valid Mapping (and Host, Listener, Module) is accepted by the API server, unpruned, and by attache', async () => {
    const file = writeManifest('valid', [
      mapping('rich', RICH_SPEC),
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'Host', metadata: { name: 'example', namespace: NS }, spec: { hostname: '*.example.com', requestPolicy: { insecure: { action: 'Route' } } } },
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'Listener', metadata: { name: 'http', namespace: NS }, spec: { port: 8080, protocol: 'HTTP', securityModel: 'XFP', hostBinding: { namespace: { from: 'ALL' } } } },
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'Module', metadata: { name: 'ambassador', namespace: NS }, spec: { config: { cluster_request_timeout_ms: 4000, cors: { origins: '*' } } } },
    ]);
    const [attache] = await Promise.all([validate(file), kubectl(['apply', '-f', file])]);
    assert.equal(attache.code, 0, `attache validate: ${attache.stderr}`);
    const stored = JSON.parse(await kubectl(['-n', NS, 'get', 'mapping', 'rich', '-o', 'json'])) as { spec: unknown };
    assert.deepEqual(stored.spec, RICH_SPEC, 'the API server keeps every field, polymorphic ones included');
  });

  const invalid: Array<[string, string, object | undefined, string]> = [
    ['a string where an integer belongs', 'bad-timeout', { prefix: '/x/', service: 'x', timeout_ms: 'abc' }, 'spec.timeout_ms'],
    ['no prefix', 'bad-prefix', { service: 'x' }, 'spec.prefix'],
    ['a weight over 100', 'bad-weight', { prefix: '/x/', service: 'x', weight: 101 }, 'spec.weight'],
    ['an unknown load-balancer policy', 'bad-policy', { prefix: '/x/', service: 'x', load_balancer: { policy: 'random' } }, 'spec.load_balancer.policy'],
    ['a bad retry duration', 'bad-duration', { prefix: '/x/', service: 'x', retry_policy: { per_try_timeout: '5 seconds' } }, 'spec.retry_policy.per_try_timeout'],
  ];
  // One `attache validate` over all the invalid files (its start-up dominates), shared by the cases.
  let invalidVerdict: Promise<Result> | undefined;
  const validateInvalid = () => {
    invalidVerdict ??= validate(writeManifest('invalid', invalid.map(([, name, spec]) => mapping(name, spec))));
    return invalidVerdict;
  };
  for (const [what, name, spec, field] of invalid) {
    it(`a Mapping with ${what} is refused by both, naming ${field}`, async () => {
      const file = writeManifest(name, [mapping(name, spec)]);
      const [attache, api] = await Promise.all([validateInvalid(), kubectlResult(['apply', '-f', file])]);
      assert.equal(attache.code, 1, 'attache validate exits 1');
      const errors = attache.stderr.split('\n').filter((l) => l.startsWith(`error: Mapping ${NS}/${name} `));
      assert.equal(errors.length, 1, attache.stderr);
      assert.ok(errors[0]?.includes(`: ${field}: `), `attache names ${field}: ${errors[0]}`);
      assert.notEqual(api.code, 0, 'the API server refuses it');
      assert.match(api.stderr, /is invalid/);
      assert.ok(api.stderr.includes(`${field}:`), `API server error names ${field}: ${api.stderr}`);
    });
  }

  it('an unknown field: the API server refuses it (strict field validation), attache warns; both name it', async () => {
    const file = writeManifest('typo', [mapping('typo', { prefix: '/t/', service: 't', timout_ms: 5 })]);
    const [attache, api] = await Promise.all([validate(file), kubectlResult(['apply', '-f', file])]);
    assert.equal(attache.code, 0);
    assert.match(attache.stderr, /warning: .*spec\.timout_ms: unknown field.*did you mean timeout_ms/);
    assert.notEqual(api.code, 0);
    assert.match(api.stderr, /unknown field "spec\.timout_ms"/);
  });

  it('the status subresource takes conditions and Emissary state; kubectl get shows them', async () => {
    const status = {
      state: 'Running',
      conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: 'accepted', lastTransitionTime: '2026-11-26T13:00:00Z', observedGeneration: 1 }],
    };
    await kubectl(['-n', NS, 'patch', 'mapping', 'rich', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
    const stored = JSON.parse(await kubectl(['-n', NS, 'get', 'mapping', 'rich', '-o', 'json'])) as { status: unknown };
    assert.deepEqual(stored.status, status);
    const table = await kubectl(['-n', NS, 'get', 'mappings']);
    assert.match(table.split('\n')[0] ?? '', /NAME\s+HOSTNAME\s+PREFIX\s+SERVICE\s+STATE\s+ACCEPTED\s+AGE/);
    assert.match(table, /rich\s+\*\.example\.com\s+\/rich\/\s+https:\/\/rich\.demo:8443\s+Running\s+True/);
    // Status is only written through the subresource: a write to the main resource ignores it.
    await kubectl(['-n', NS, 'patch', 'mapping', 'rich', '--type=merge', '-p', JSON.stringify({ status: { state: 'Inactive' } })]);
    assert.equal(await kubectl(['-n', NS, 'get', 'mapping', 'rich', '-o', 'jsonpath={.status.state}']), 'Running');
    // A condition outside metav1.Condition's shape is refused.
    const bad = { conditions: [{ type: 'Accepted', status: 'Maybe', reason: 'X', message: '', lastTransitionTime: '2026-11-26T13:00:00Z' }] };
    const r = await kubectlResult(['-n', NS, 'patch', 'mapping', 'rich', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: bad })]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /status\.conditions\[0\]\.status: Unsupported value: "Maybe"/);
  });

  it('deploy/attache.yaml passes a server-side dry run (and creates nothing)', async () => {
    await kubectl(['create', 'namespace', 'attache']);
    const out = await kubectl(['apply', '--dry-run=server', '-f', join(ROOT, 'deploy/attache.yaml')]);
    for (const obj of ['serviceaccount/attache', 'clusterrole.rbac.authorization.k8s.io/attache', 'role.rbac.authorization.k8s.io/attache-leader-election', 'deployment.apps/attache', 'service/attache']) {
      assert.match(out, new RegExp(`${obj.replace(/\./g, '\\.')} (created|configured|unchanged) \\(server dry run\\)`));
    }
    const r = await kubectlResult(['-n', 'attache', 'get', 'deployment', 'attache']);
    assert.notEqual(r.code, 0, 'a dry run creates nothing');
  });

  it('applied for real, kubectl auth can-i: attache reads what it watches, writes only status and its Lease', async () => {
    await kubectl(['apply', '-f', join(ROOT, 'deploy/attache.yaml')]);
    const yes = [
      'list mappings.getambassador.io', 'watch mappings.getambassador.io', 'list services', 'list endpointslices.discovery.k8s.io',
      'list secrets', 'patch mappings.getambassador.io --subresource=status', 'update leases.coordination.k8s.io -n attache',
    ];
    const no = [
      'patch mappings.getambassador.io', 'create services', 'update leases.coordination.k8s.io -n default',
      'update leases.coordination.k8s.io -n demo',
    ];
    const answers = await Promise.all([...yes, ...no].map(canI));
    assert.deepEqual(answers, [...yes.map(() => true), ...no.map(() => false)], [...yes, ...no].join(' | '));
  });

  it('the whole permission matrix (SubjectAccessReviews): nothing beyond read, status and the Lease', async () => {
    const checks = permissionMatrix({ watched: 'all', sample: NS, leaseNamespace: 'attache' });
    assert.deepEqual(await wrongAnswers(kubectl, SA, checks), [], `unexpected answers for attache's ServiceAccount`);
  });

  it('as attache: a status write goes through, a spec write is forbidden', async () => {
    const as = [`--as=${SA}`, '-n', NS];
    const status = { state: 'Inactive', reason: 'test' };
    await kubectl([...as, 'patch', 'mapping', 'rich', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
    assert.equal(await kubectl(['-n', NS, 'get', 'mapping', 'rich', '-o', 'jsonpath={.status.state}']), 'Inactive');
    const r = await kubectlResult([...as, 'patch', 'mapping', 'rich', '--type=merge', '-p', JSON.stringify({ spec: { timeout_ms: 1 } })]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /forbidden/);
    assert.equal(await kubectl(['-n', NS, 'get', 'mapping', 'rich', '-o', 'jsonpath={.spec.timeout_ms}']), '5000');
  });

  it("attache itself, with the ServiceAccount's credentials only, syncs every type and serves a Mapping", async () => {
    // A token for the ServiceAccount from the TokenRequest API (no token controller here),
    // in a kubeconfig that otherwise points at the test cluster.
    const token = (await kubectl(['-n', 'attache', 'create', 'token', 'attache', '--duration=1h'])).trim();
    const config = JSON.parse(await kubectl(['config', 'view', '--raw', '--minify', '-o', 'json'])) as { users: Array<{ user: object }> };
    config.users[0]!.user = { token };
    const saKubeconfig = join(workDir, 'attache-sa.kubeconfig');
    writeFileSync(saKubeconfig, JSON.stringify(config), { mode: 0o600 });
    // The Listener applied above would take port 8080 on this machine: a clean slate instead.
    await kubectl(['-n', NS, 'delete', 'listeners,hosts,modules,mappings', '--all']);

    backend = await startBackend('deploy');
    await kubectl(['apply', '-f', '-'], JSON.stringify(mapping('served', { hostname: '*', prefix: '/deploy/', service: backend.service })));
    attache = await startAttache({ kubernetes: { kubeconfig: saKubeconfig } });
    const port = attache.ports.listener;
    const res = await waitFor(async () => {
      const r = await request(port, '/deploy/x', { timeoutMs: 2000 });
      return r.status === 200 ? r : undefined;
    }, 15_000, { what: 'GET /deploy/x served through Envoy' });
    assert.equal(res.json?.backend, 'deploy');
    assert.equal(res.json?.path, '/x');
    // A type attache may not read is logged and reported as "not allowed to list ...", and serving goes on.
    // (A 403 only as a word of its own: Envoy's log timestamps have milliseconds such as .403.)
    const refused = /not allowed|forbidden|(?<![.\d])\b403\b/i;
    assert.doesNotMatch(attache.output(), refused, 'no request of attache was refused');
    assert.doesNotMatch(JSON.stringify(await attache.diag()), refused, 'no diagnostic about a refused request');
  });

  it('as its ServiceAccount, attache takes the Lease in its namespace and writes the Mapping\'s status', async () => {
    const lease = await waitFor(async () => {
      const r = await kubectlResult(['-n', 'attache', 'get', 'leases', '-o', 'json']);
      const items = r.code === 0 ? (JSON.parse(r.stdout) as { items: any[] }).items : [];
      return items.find((l) => l.spec?.holderIdentity);
    }, 20_000, { what: 'a held Lease in namespace attache' });
    assert.match(lease.metadata.name, /^attache-status/);
    const accepted = await waitFor(async () => {
      const got = JSON.parse(await kubectl(['-n', NS, 'get', 'mapping', 'served', '-o', 'json'])) as { status?: { conditions?: any[] } };
      return got.status?.conditions?.find((c) => c.type === 'Accepted');
    }, 20_000, { what: 'an Accepted condition on Mapping served' });
    assert.equal(accepted.status, 'True');
    assert.doesNotMatch(attache?.output() ?? '', /not allowed|forbidden|(?<![.\d])\b403\b/i);
  });
});
