#!/usr/bin/env node
// The quickstart's demo backend: answers every request with JSON describing what it received,
// so you can see what attache's routing did to the request (path rewrite, headers, host).
import { createServer } from "node:http";

const port = Number(process.env.DEMO_BACKEND_PORT ?? 9001);
const name = process.env.DEMO_BACKEND_NAME ?? "quote";
const quotes = [
  "Abstraction is ever present.",
  "A late night does not make any sense.",
  "Nihilism gambles with lives, happiness, and even destiny itself!",
  "The light at the end of the tunnel is interrupted by a beam of light.",
];
let served = 0;

createServer((req, res) => {
  const body = JSON.stringify({
    backend: name,
    quote: quotes[served++ % quotes.length],
    method: req.method,
    path: req.url,
    host: req.headers.host,
    headers: req.headers,
  }, null, 2);
  res.writeHead(200, { "content-type": "application/json" });
  res.end(`${body}\n`);
}).listen(port, "127.0.0.1", () => process.stderr.write(`demo backend "${name}" on http://127.0.0.1:${port}\n`));
