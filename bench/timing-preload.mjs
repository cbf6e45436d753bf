// Loaded with `node --import` into our gateway and subgraphs by `pnpm bench:timing`: stamps, on one
// clock (CLOCK_MONOTONIC, µs), when each GraphQL request arrived, was read and was answered, and for
// the gateway when each subgraph call was created, sent, answered and read (undici's diagnostics
// channels). Nothing of the requests themselves is kept. Lines go to $SNN_TIMING_DIR/<name>.jsonl,
// <name> being SNN_TIMING_NAME or the port served.
import dc from 'node:diagnostics_channel';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const dir = process.env.SNN_TIMING_DIR;
let name = process.env.SNN_TIMING_NAME;
const now = () => Number(process.hrtime.bigint() / 1000n);
const lines = [];

if (dir) {
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, req, res) {
    if (event === 'request' && req.url.startsWith('/graphql')) {
      name ??= String(this.address()?.port);
      const t = { kind: 'serve', received: now() };
      req.once('end', () => (t.read = now()));
      res.once('finish', () => {
        t.answered = now();
        lines.push(JSON.stringify(t));
      });
    }
    return emit.apply(this, arguments);
  };
  const calls = new WeakMap();
  dc.channel('undici:request:create').subscribe(({ request }) => calls.set(request, { kind: 'call', origin: request.origin, created: now() }));
  dc.channel('undici:client:sendHeaders').subscribe(({ request }) => {
    const t = calls.get(request);
    if (t) t.sent = now();
  });
  dc.channel('undici:request:trailers').subscribe(({ request }) => {
    const t = calls.get(request);
    if (t) {
      t.read = now();
      lines.push(JSON.stringify(t));
    }
  });
  const flush = () => {
    if (lines.length && name) fs.appendFileSync(path.join(dir, `${name}.jsonl`), lines.splice(0).join('\n') + '\n');
  };
  setInterval(flush, 1000).unref();
  process.on('exit', flush);
}
