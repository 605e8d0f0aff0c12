// Child process for the @grpc/grpc-js-xds peer test: register() installs the xds resolver
// globally, so it lives in its own process. Reads commands from stdin, one per line:
//   call  -> one unary call to xds:///$PEER_TARGET, answers a JSON line {ok, reply|error}
// Exits when stdin ends. GRPC_XDS_BOOTSTRAP_CONFIG must be set by the parent.
import { createInterface } from "node:readline";
import { Client, credentials } from "@grpc/grpc-js";

const target = process.env["PEER_TARGET"];
if (!target) {
  // Node 20's `node --test dist/test/` runs every file under a test/ directory, this one too:
  // without the parent's environment it is not the peer, so it leaves without side effects.
  process.exit(0);
}
const grpcXds = await import("@grpc/grpc-js-xds");
grpcXds.register();
const client = new Client(`xds:///${target}`, credentials.createInsecure());
const raw = (b: Buffer): Buffer => b;

function call(): Promise<string> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest("/test.Echo/Say", raw, raw, Buffer.from("peer"), { deadline: Date.now() + 15_000 }, (err, reply) =>
      err || !reply ? reject(err ?? new Error("empty reply")) : resolve(reply.toString()),
    ),
  );
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line.trim() !== "call") return;
  call().then(
    (reply) => process.stdout.write(JSON.stringify({ ok: true, reply }) + "\n"),
    (err: Error) => process.stdout.write(JSON.stringify({ ok: false, error: String(err.message) }) + "\n"),
  );
});
lines.on("close", () => {
  client.close();
  process.exit(0);
});
