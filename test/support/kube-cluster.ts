// A throwaway Kubernetes control plane for tests: etcd + kube-apiserver on loopback, no kubelet.
// Binaries come from tools/kube/build.sh (built from the Go module proxy, cached outside the repo).
// Each cluster has its own state dir (certs, etcd data, logs, pids, kubeconfig), so several can run
// side by side. Also the CLI behind scripts/test-cluster: `node dist/test/support/kube-cluster.js up`.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;
/** Virtual Service IPs only; nothing ever routes to them. Disjoint from the netns test hosts (10.213/16). */
const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/16';

export interface ClusterState {
  readonly name: string;
  readonly stateDir: string;
  readonly kubeconfig: string;
  readonly server: string;
  readonly binDir: string;
  readonly kubectl: string;
  readonly etcd: { readonly pid: number; readonly clientPort: number; readonly peerPort: number };
  readonly apiserver: { readonly pid: number; readonly port: number };
}

const log = (message: string): void => {
  process.stderr.write(`test-cluster: ${message}\n`);
};

/** Root for per-cluster state dirs; ATTACHE_KUBE_STATE_DIR overrides. */
export function stateRoot(): string {
  return process.env.ATTACHE_KUBE_STATE_DIR ?? join(tmpdir(), 'attache-kube');
}

export function stateDirOf(name: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) throw new Error(`test-cluster: bad cluster name ${JSON.stringify(name)} (use [a-z0-9-])`);
  return join(stateRoot(), name);
}

/** The Kubernetes version tools/kube pins (its versions.env). */
export function pinnedKubeVersion(): string {
  const text = readFileSync(join(REPO_ROOT, 'tools/kube/versions.env'), 'utf8');
  const version = /^KUBE_VERSION=(v\S+)$/m.exec(text)?.[1];
  if (!version) throw new Error('test-cluster: no KUBE_VERSION in tools/kube/versions.env');
  return version;
}

/** Builds the binaries when missing (idempotent, fast when cached) and returns their directory.
 *  ATTACHE_KUBE_BIN_DIR points at prebuilt binaries instead. */
export function ensureBinaries(): string {
  const override = process.env.ATTACHE_KUBE_BIN_DIR;
  const dir = override ?? lastLine(execFileSync('bash', [join(REPO_ROOT, 'tools/kube/build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  for (const bin of ['etcd', 'kube-apiserver', 'kubectl']) {
    if (!existsSync(join(dir, bin))) throw new Error(`test-cluster: ${bin} missing in ${dir}${override ? ' (ATTACHE_KUBE_BIN_DIR)' : ''}; run scripts/setup-k8s.sh`);
  }
  return dir;
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

/** Distinct free loopback ports: all are held open together, so none is handed out twice. */
async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            resolve(typeof address === 'object' && address ? address.port : 0);
          });
        }),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function openssl(args: readonly string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function issueCert(dir: string, name: string, subject: string, extensions: string): void {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-out', `${name}.crt`, '-extfile', `${name}.ext`], dir);
}

/** A throwaway CA, the serving cert, an admin client cert (O=system:masters) and service-account keys. */
function writeCerts(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=attache-test-ca'], dir);
  issueCert(dir, 'apiserver', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n');
  issueCert(dir, 'admin', '/O=system:masters/CN=attache-test-admin', 'extendedKeyUsage=clientAuth\n');
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', 'sa.key'], dir);
  openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

function kubeconfigText(name: string, server: string, certs: string): string {
  const b64 = (file: string): string => readFileSync(join(certs, file)).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${name}`,
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${b64('ca.crt')}`,
    'users:',
    `- name: ${name}-admin`,
    '  user:',
    `    client-certificate-data: ${b64('admin.crt')}`,
    `    client-key-data: ${b64('admin.key')}`,
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}-admin`,
    '',
  ].join('\n');
}

function etcdArgs(dataDir: string, clientPort: number, peerPort: number): string[] {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name=attache-test',
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=attache-test=${peer}`,
    '--unsafe-no-fsync',
    '--log-level=warn',
  ];
}

function apiserverArgs(certs: string, etcdClientPort: number, port: number): string[] {
  const c = (file: string): string => join(certs, file);
  return [
    `--etcd-servers=http://127.0.0.1:${etcdClientPort}`,
    `--secure-port=${port}`,
    '--bind-address=127.0.0.1',
    // Without it the server guesses from the default route (or fails with none).
    '--advertise-address=127.0.0.1',
    // Its own endpoint reconciler would write the loopback advertise address, which is rejected.
    '--endpoint-reconciler-type=none',
    `--tls-cert-file=${c('apiserver.crt')}`,
    `--tls-private-key-file=${c('apiserver.key')}`,
    `--client-ca-file=${c('ca.crt')}`,
    '--authorization-mode=RBAC',
    // No controller-manager issues ServiceAccount tokens, so pods would be refused.
    '--disable-admission-plugins=ServiceAccount',
    `--service-account-issuer=https://127.0.0.1:${port}`,
    `--service-account-key-file=${c('sa.pub')}`,
    `--service-account-signing-key-file=${c('sa.key')}`,
    `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
  ];
}

/** Starts a detached daemon logging to a file, so it outlives the `up` command. */
function startDaemon(binary: string, args: string[], logFile: string): { pid: number; exited: () => string | undefined } {
  const fd = openSync(logFile, 'a');
  const child = spawn(binary, args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exit: string | undefined;
  child.on('exit', (code, signal) => {
    exit = `exited with ${signal ?? code}`;
  });
  child.on('error', (err) => {
    exit = `failed to start: ${err.message}`;
  });
  child.unref();
  if (child.pid === undefined) throw new Error(`test-cluster: cannot start ${binary}`);
  return { pid: child.pid, exited: () => exit };
}

function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

interface HttpsAuth {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

function httpsStatus(url: string, auth: HttpsAuth | undefined): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { ...auth, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function httpStatus(url: string): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return res.status;
  } catch {
    return 0;
  }
}

/** Polls until `probe` says 200, failing at once if the daemon exits meanwhile. */
async function waitFor(what: string, probe: () => Promise<number>, exited: () => string | undefined, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 0;
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(`test-cluster: ${what} ${gone}; log ${logFile}:\n${logTail(logFile)}`);
    last = await probe();
    if (last === 200) return;
    await sleep(250);
  }
  throw new Error(`test-cluster: ${what} not ready after ${READY_TIMEOUT_MS / 1000}s (last status ${last}); log ${logFile}:\n${logTail(logFile)}`);
}

/** Alive and really ours: a recycled pid would run some other command line; a zombie counts as dead. */
export function isDaemonAlive(pid: number, binary: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) Z /.test(stat)) return false;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] === binary;
  } catch {
    return false;
  }
}

async function stopProcess(pid: number, binary: string): Promise<void> {
  if (!isDaemonAlive(pid, binary)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isDaemonAlive(pid, binary)) return;
    await sleep(100);
  }
  if (!isDaemonAlive(pid, binary)) return;
  process.kill(pid, 'SIGKILL');
  // SIGKILL is not instant either: return only once it is gone, so a restart never finds it.
  const killDeadline = Date.now() + STOP_TIMEOUT_MS;
  while (isDaemonAlive(pid, binary) && Date.now() < killDeadline) await sleep(50);
}

export function readState(name: string): ClusterState | undefined {
  try {
    return JSON.parse(readFileSync(join(stateDirOf(name), 'state.json'), 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

function authOf(state: ClusterState): HttpsAuth {
  const certs = join(state.stateDir, 'certs');
  return { ca: readFileSync(join(certs, 'ca.crt')), cert: readFileSync(join(certs, 'admin.crt')), key: readFileSync(join(certs, 'admin.key')) };
}

async function isHealthy(state: ClusterState): Promise<boolean> {
  if (!isDaemonAlive(state.etcd.pid, join(state.binDir, 'etcd'))) return false;
  if (!isDaemonAlive(state.apiserver.pid, join(state.binDir, 'kube-apiserver'))) return false;
  return (await httpsStatus(`${state.server}/readyz`, authOf(state))) === 200;
}

/** Stops a cluster's daemons and removes its state dir; a missing cluster is not an error. */
export async function stopCluster(name: string): Promise<void> {
  const state = readState(name);
  if (state) {
    await stopProcess(state.apiserver.pid, join(state.binDir, 'kube-apiserver'));
    await stopProcess(state.etcd.pid, join(state.binDir, 'etcd'));
  }
  rmSync(stateDirOf(name), { recursive: true, force: true });
}

/** Kills a cluster's daemons at once and removes its state: for exit paths that cannot wait. */
export function killClusterSync(name: string): void {
  const state = readState(name);
  if (state) {
    if (isDaemonAlive(state.apiserver.pid, join(state.binDir, 'kube-apiserver'))) process.kill(state.apiserver.pid, 'SIGKILL');
    if (isDaemonAlive(state.etcd.pid, join(state.binDir, 'etcd'))) process.kill(state.etcd.pid, 'SIGKILL');
  }
  rmSync(stateDirOf(name), { recursive: true, force: true });
}

const clustersToKill = new Set<string>();
let endHooked = false;

/** The daemons are detached (they outlive `up`), so a test process that dies early would leak
 *  them: kill the named cluster on exit, SIGINT or SIGTERM (re-raised afterwards). */
export function killClusterOnProcessEnd(name: string): () => void {
  clustersToKill.add(name);
  if (!endHooked) {
    endHooked = true;
    const killAll = (): void => {
      for (const cluster of clustersToKill) killClusterSync(cluster);
      clustersToKill.clear();
    };
    process.on('exit', killAll);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        killAll();
        process.kill(process.pid, signal);
      });
    }
  }
  return () => clustersToKill.delete(name);
}

/** Starts a cluster (or returns the running, healthy one of that name) and waits for /readyz.
 *  On failure the daemons are stopped; the state dir stays for its logs until `down`. */
export async function startCluster(name: string): Promise<ClusterState> {
  const existing = readState(name);
  if (existing && (await isHealthy(existing))) return existing;
  await stopCluster(name);
  try {
    return await launch(name);
  } catch (err) {
    const state = readState(name);
    if (state) {
      await stopProcess(state.apiserver.pid, join(state.binDir, 'kube-apiserver'));
      await stopProcess(state.etcd.pid, join(state.binDir, 'etcd'));
    }
    throw err;
  }
}

async function launch(name: string): Promise<ClusterState> {
  const binDir = ensureBinaries();
  const stateDir = stateDirOf(name);
  const certs = join(stateDir, 'certs');
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  writeCerts(certs);

  const [clientPort = 0, peerPort = 0, port = 0] = await freePorts(3);
  const etcdLog = join(stateDir, 'etcd.log');
  const etcd = startDaemon(join(binDir, 'etcd'), etcdArgs(join(stateDir, 'etcd-data'), clientPort, peerPort), etcdLog);
  const partial = { name, stateDir, binDir, kubectl: join(binDir, 'kubectl'), kubeconfig: join(stateDir, 'kubeconfig'), server: `https://127.0.0.1:${port}` };
  // Record pids as soon as they exist, so `down` can clean up after a failed `up`.
  const state: ClusterState = { ...partial, etcd: { pid: etcd.pid, clientPort, peerPort }, apiserver: { pid: 0, port } };
  saveState(state);
  await waitFor('etcd', () => httpStatus(`http://127.0.0.1:${clientPort}/health`), etcd.exited, etcdLog);

  const running = await runApiserver(state);
  writeFileSync(state.kubeconfig, kubeconfigText(name, state.server, certs), { mode: 0o600 });
  return running;
}

function saveState(state: ClusterState): void {
  writeFileSync(join(state.stateDir, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
}

/** Starts kube-apiserver for a cluster whose etcd runs, on the cluster's port, and waits for /readyz. */
async function runApiserver(state: ClusterState): Promise<ClusterState> {
  const certs = join(state.stateDir, 'certs');
  const apiLog = join(state.stateDir, 'kube-apiserver.log');
  const api = startDaemon(join(state.binDir, 'kube-apiserver'), apiserverArgs(certs, state.etcd.clientPort, state.apiserver.port), apiLog);
  const running: ClusterState = { ...state, apiserver: { pid: api.pid, port: state.apiserver.port } };
  saveState(running);
  await waitFor('kube-apiserver', () => httpsStatus(`${running.server}/readyz`, authOf(running)), api.exited, apiLog);
  return running;
}

function requireState(name: string): ClusterState {
  const state = readState(name);
  if (!state) throw new Error(`test-cluster: no cluster ${name} (scripts/test-cluster up --name ${name})`);
  return state;
}

/** Stops only kube-apiserver (etcd and the data stay), to test clients across an API outage. */
export async function stopApiserver(name: string): Promise<void> {
  const state = requireState(name);
  await stopProcess(state.apiserver.pid, join(state.binDir, 'kube-apiserver'));
}

/** Starts kube-apiserver again after stopApiserver, on the same port with the same certs. */
export async function restartApiserver(name: string): Promise<ClusterState> {
  const state = requireState(name);
  if (isDaemonAlive(state.apiserver.pid, join(state.binDir, 'kube-apiserver'))) return state;
  if (!isDaemonAlive(state.etcd.pid, join(state.binDir, 'etcd'))) throw new Error(`test-cluster: etcd of cluster ${name} is not running`);
  return runApiserver(state);
}

/** Names of the clusters that have a state dir (running or left over). */
export function listClusters(): string[] {
  try {
    return readdirSync(stateRoot(), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

function parseName(args: string[]): string {
  const i = args.indexOf('--name');
  if (i >= 0) {
    const value = args[i + 1];
    if (!value) throw new Error('test-cluster: --name needs a value');
    return value;
  }
  return process.env.ATTACHE_KUBE_CLUSTER ?? 'default';
}

const USAGE = `usage: scripts/test-cluster <command> [--name NAME]
  build    build (or find cached) etcd, kube-apiserver and kubectl; prints their directory
  up       start etcd + kube-apiserver on loopback; prints the kubeconfig path
  down     stop the cluster and remove its state dir (down --all: every cluster)
  list     names of the clusters with a state dir
  env      print KUBECONFIG=..., KUBECTL=... and TEST_CLUSTER_STATE_DIR=... for a running cluster
  status   exit 0 when the cluster is running and ready
  apiserver-stop   stop only kube-apiserver (etcd keeps the data)
  apiserver-start  start kube-apiserver again on the same port; waits for /readyz
NAME defaults to $ATTACHE_KUBE_CLUSTER or "default"; state lives in ${stateRoot()}/NAME.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'build') {
    process.stdout.write(`${ensureBinaries()}\n`);
    return 0;
  }
  if (command === 'list') {
    for (const cluster of listClusters()) process.stdout.write(`${cluster}\n`);
    return 0;
  }
  if (!['up', 'down', 'env', 'status', 'apiserver-stop', 'apiserver-start'].includes(command ?? '')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const name = parseName(rest);
  if (command === 'up') {
    const started = Date.now();
    const state = await startCluster(name);
    log(`cluster ${name} ready at ${state.server} in ${((Date.now() - started) / 1000).toFixed(1)}s (state ${state.stateDir})`);
    process.stdout.write(`${state.kubeconfig}\n`);
    return 0;
  }
  if (command === 'apiserver-stop') {
    await stopApiserver(name);
    log(`kube-apiserver of cluster ${name} stopped`);
    return 0;
  }
  if (command === 'apiserver-start') {
    const state = await restartApiserver(name);
    log(`kube-apiserver of cluster ${name} ready at ${state.server}`);
    return 0;
  }
  if (command === 'down') {
    if (rest.includes('--all')) {
      for (const cluster of listClusters()) await stopCluster(cluster);
      log(`stopped every cluster under ${stateRoot()}`);
      return 0;
    }
    await stopCluster(name);
    log(`cluster ${name} stopped`);
    return 0;
  }
  const state = readState(name);
  const healthy = state !== undefined && (await isHealthy(state));
  if (command === 'status') {
    log(healthy ? `cluster ${name} ready at ${state?.server}` : `cluster ${name} is not running`);
    return healthy ? 0 : 1;
  }
  if (!state || !healthy) {
    log(`cluster ${name} is not running (scripts/test-cluster up --name ${name})`);
    return 1;
  }
  process.stdout.write(`KUBECONFIG=${state.kubeconfig}\nKUBECTL=${state.kubectl}\nTEST_CLUSTER_STATE_DIR=${state.stateDir}\n`);
  return 0;
}

// Node 20's `node --test dist/test/` also runs this file (it is under a test/ directory); there it
// is no CLI, so it must leave quietly instead of failing with the usage text.
const isCli = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isCli && process.env.NODE_TEST_CONTEXT === undefined) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
