// The test cluster works end to end: scripts/test-cluster brings up a real kube-apiserver + etcd,
// kubectl applies a Service and an EndpointSlice pointing at a backend on a netns test host, the
// objects read back as written, and `down` stops both daemons. Set ATTACHE_TEST_KUBECONFIG to run
// against an already running test cluster instead (it is then left running).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureBinaries, isDaemonAlive, killClusterOnProcessEnd, pinnedKubeVersion, readState, type ClusterState } from '../support/kube-cluster.js';
import { createTestHost, type TestHost } from '../support/netns.js';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = join(REPO_ROOT, 'scripts/test-cluster');
const CLUSTER = `smoke-${process.pid}`;
const NS = 'smoke';
const BACKEND_PORT = 8080;
/** First run may build the binaries (minutes); a cached start takes seconds. */
const SETUP_TIMEOUT_MS = 20 * 60_000;

let kubeconfig = '';
let kubectlBin = '';
let started: ClusterState | undefined;
let host: TestHost | undefined;
let forgetCluster: () => void = () => {};

async function kubectl(args: string[], input?: string): Promise<string> {
  const child = execFile(kubectlBin, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' });
  const done = new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: string) => (out += d));
    child.stderr?.on('data', (d: string) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`kubectl ${args.join(' ')} exited ${code}: ${err}`))));
  });
  child.stdin?.end(input ?? '');
  return done;
}

async function getJson(kind: string, name: string): Promise<Record<string, any>> {
  return JSON.parse(await kubectl(['-n', NS, 'get', kind, name, '-o', 'json'])) as Record<string, any>;
}

function endpointSlice(name: string, address: string): object {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: NS, labels: { 'kubernetes.io/service-name': 'backend' } },
    addressType: 'IPv4',
    ports: [{ name: 'http', protocol: 'TCP', port: BACKEND_PORT }],
    endpoints: [{ addresses: [address], conditions: { ready: true } }],
  };
}

async function startBackend(testHost: TestHost): Promise<void> {
  const script = `require('http').createServer((q, s) => s.end('hello from ' + process.argv[1])).listen(${BACKEND_PORT}, process.argv[1])`;
  const child = testHost.spawn(process.execPath, ['-e', script, testHost.address], { stdio: 'inherit' });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`backend in ${testHost.name} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://${testHost.address}:${BACKEND_PORT}/`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`backend in ${testHost.name} did not answer on ${testHost.address}:${BACKEND_PORT}`);
}

describe('test cluster smoke', { timeout: SETUP_TIMEOUT_MS }, () => {
  before(async () => {
    host = createTestHost();
    await startBackend(host);
    const given = process.env.ATTACHE_TEST_KUBECONFIG;
    if (given) {
      kubeconfig = given;
      kubectlBin = join(ensureBinaries(), 'kubectl');
      return;
    }
    forgetCluster = killClusterOnProcessEnd(CLUSTER);
    const { stdout } = await run(SCRIPT, ['up', '--name', CLUSTER], { encoding: 'utf8', timeout: SETUP_TIMEOUT_MS });
    kubeconfig = stdout.trim().split('\n').pop() ?? '';
    started = readState(CLUSTER);
    assert.ok(started, `no state recorded for cluster ${CLUSTER}`);
    kubectlBin = started.kubectl;
  });

  after(async () => {
    host?.close();
    if (!process.env.ATTACHE_TEST_KUBECONFIG) await run(SCRIPT, ['down', '--name', CLUSTER]);
    forgetCluster();
  });

  it('the backend on the test host answers on its non-loopback address', async () => {
    assert.ok(host);
    assert.match(host.address, /^10\.213\.\d+\.\d+$/);
    const res = await fetch(`http://${host.address}:${BACKEND_PORT}/`);
    assert.equal(await res.text(), `hello from ${host.address}`);
  });

  it('a Service and an EndpointSlice for the test host apply and read back', async () => {
    assert.ok(host);
    const docs = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'backend', namespace: NS },
        spec: { ports: [{ name: 'http', port: 80, targetPort: BACKEND_PORT }] },
      },
      endpointSlice('backend-1', host.address),
    ];
    await kubectl(['apply', '-f', '-'], docs.map((d) => JSON.stringify(d)).join('\n---\n'));

    const service = await getJson('service', 'backend');
    assert.equal(service.spec.ports[0].targetPort, BACKEND_PORT);
    assert.match(service.spec.clusterIP, /^10\.96\./, 'ClusterIP comes from --service-cluster-ip-range');

    const slice = await getJson('endpointslice', 'backend-1');
    assert.deepEqual(slice.endpoints.map((e: any) => e.addresses), [[host.address]]);
    assert.equal(slice.metadata.labels['kubernetes.io/service-name'], 'backend');
    assert.deepEqual(slice.ports, [{ name: 'http', protocol: 'TCP', port: BACKEND_PORT }]);
  });

  it('a loopback endpoint is rejected (why backends live on netns test hosts)', async () => {
    await assert.rejects(kubectl(['apply', '-f', '-'], JSON.stringify(endpointSlice('loopback', '127.0.0.1'))), /loopback/);
  });

  it('the server identifies as the pinned version', async () => {
    const version = JSON.parse(await kubectl(['version', '-o', 'json'])) as { serverVersion: { gitVersion: string } };
    assert.equal(version.serverVersion.gitVersion, pinnedKubeVersion());
  });

  it('the API server restarts on the same address and keeps its data (etcd keeps running)', async (t) => {
    if (process.env.ATTACHE_TEST_KUBECONFIG) return t.diagnostic('external cluster: not restarted');
    await run(SCRIPT, ['apiserver-stop', '--name', CLUSTER]);
    await assert.rejects(kubectl(['get', 'namespaces', '--request-timeout=2s']));
    await run(SCRIPT, ['apiserver-start', '--name', CLUSTER]);
    const slice = await getJson('endpointslice', 'backend-1');
    assert.deepEqual(slice.endpoints.map((e: any) => e.addresses), [[host?.address]]);
  });
});

describe('test cluster teardown', { timeout: 60_000 }, () => {
  it('down stopped both daemons and removed the state dir', async (t) => {
    if (process.env.ATTACHE_TEST_KUBECONFIG) return; // an external cluster is not ours to stop
    // Runs after the suite above (node:test runs top-level suites in order), i.e. after its `after`.
    assert.ok(started, 'cluster was not started');
    assert.equal(isDaemonAlive(started.apiserver.pid, join(started.binDir, 'kube-apiserver')), false, 'kube-apiserver still running');
    assert.equal(isDaemonAlive(started.etcd.pid, join(started.binDir, 'etcd')), false, 'etcd still running');
    assert.equal(existsSync(started.stateDir), false);
    t.diagnostic(`cluster ${CLUSTER} stopped cleanly`);
  });
});
