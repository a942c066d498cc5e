// e2e-client.mjs - raw gRPC calls against ydbsim (a TEST TOOL) for tests/ydbsim/e2e.sh.
// Usage: node e2e-client.mjs HOST:PORT CHECK...   Each CHECK prints "ok: ..." or fails.
// Requests are hand-encoded protobuf; replies are decoded just enough to read statuses.
import { createRequire } from 'node:module'
const require = createRequire(process.env.CONFORMANCE_DIR + '/package.json')
const grpc = require('@grpc/grpc-js')

const [addr, ...checks] = process.argv.slice(2)
const client = new grpc.Client(addr, grpc.credentials.createInsecure())

function varint(buf, pos) {
  let v = 0n, shift = 0n
  for (;;) { const b = buf[pos++]; v |= BigInt(b & 0x7f) << shift; shift += 7n; if (!(b & 0x80)) return [v, pos] }
}
// Top-level fields of a message: Map number -> [values] (varints as BigInt, length-delimited as Buffer)
function fields(buf) {
  const out = new Map(); let pos = 0
  while (pos < buf.length) {
    let key; [key, pos] = varint(buf, pos)
    const no = Number(key >> 3n), wt = Number(key & 7n); let v
    if (wt === 0) [v, pos] = varint(buf, pos)
    else if (wt === 2) { let n; [n, pos] = varint(buf, pos); v = buf.subarray(pos, pos + Number(n)); pos += Number(n) }
    else if (wt === 1) { v = buf.subarray(pos, pos + 8); pos += 8 }
    else if (wt === 5) { v = buf.subarray(pos, pos + 4); pos += 4 }
    else throw new Error('bad wire type ' + wt)
    if (!out.has(no)) out.set(no, []); out.get(no).push(v)
  }
  return out
}
function str(no, s) { const b = Buffer.from(s); return Buffer.concat([Buffer.from([no << 3 | 2, b.length]), b]) }
const opStatus = (buf) => { const op = fields(fields(buf).get(1)[0]); return { ready: op.get(2)?.[0], status: Number(op.get(3)?.[0] ?? 0), op } }
const stStatus = (buf) => Number(fields(buf).get(1)?.[0] ?? 0)

function call(path, req, md = {}) {
  const meta = new grpc.Metadata()
  for (const [k, v] of Object.entries({ 'x-ydb-database': '/local', ...md })) if (v !== null) meta.set(k, v)
  const t0 = Date.now()
  return new Promise((resolve) => {
    client.makeUnaryRequest(path, (x) => x, (x) => x, req, meta, { deadline: Date.now() + 5000 },
      (err, res) => resolve({ err, res, ms: Date.now() - t0 }))
  })
}
function stream(path, req, md = {}) {
  const meta = new grpc.Metadata()
  for (const [k, v] of Object.entries({ 'x-ydb-database': '/local', ...md })) meta.set(k, v)
  return client.makeServerStreamRequest(path, (x) => x, (x) => x, req, meta, { deadline: Date.now() + 5000 })
}
function expect(cond, what) { if (!cond) { console.error('FAIL: ' + what); process.exit(1) } console.log('ok: ' + what) }

const QS = '/Ydb.Query.V1.QueryService/', DS = '/Ydb.Discovery.V1.DiscoveryService/', TS = '/Ydb.Table.V1.TableService/'
const empty = Buffer.alloc(0)
const SUCCESS = 400000

const tests = {
  async discovery() {
    const r = await call(DS + 'ListEndpoints', str(1, '/local'))
    expect(!r.err, 'ListEndpoints answers with gRPC OK')
    const { ready, status, op } = opStatus(r.res)
    expect(ready === 1n && status === SUCCESS, 'ListEndpoints: ready=true, SUCCESS')
    const any = fields(op.get(5)[0])
    expect(any.get(1)[0].toString() === 'type.googleapis.com/Ydb.Discovery.ListEndpointsResult', 'ListEndpoints: exact Any type URL')
    const ep = fields(fields(any.get(2)[0]).get(1)[0])
    expect(Number(ep.get(2)[0]) === Number(addr.split(':')[1]) && ep.get(1)[0].toString() === '127.0.0.1', 'ListEndpoints: the endpoint is ydbsim itself')
  },
  async session() {
    const r = await call(QS + 'CreateSession', empty)
    expect(!r.err && stStatus(r.res) === SUCCESS, 'Query CreateSession SUCCESS')
    const f = fields(r.res); const id = f.get(3)[0].toString()
    expect(/^ydb:\/\/session\/3\?node_id=1&id=/.test(id) && f.get(4)[0] === 1n, 'session id format and node_id=1')
    const att = stream(QS + 'AttachSession', str(1, id))
    const first = await new Promise((res, rej) => { att.once('data', res); att.once('error', rej) })
    expect(stStatus(first) === SUCCESS, 'AttachSession: first SessionState is SUCCESS')
    let ended = false; att.on('end', () => { ended = true }); att.on('status', () => { ended = true }); att.on('error', () => {})
    await new Promise((r) => setTimeout(r, 200))
    expect(!ended, 'AttachSession stream stays open')
    const ex = stream(QS + 'ExecuteQuery', Buffer.concat([str(1, id), Buffer.from([2 << 3, 50]),
      (() => { const qc = Buffer.concat([Buffer.from([8, 1]), str(2, 'SELECT 1')]); return Buffer.concat([Buffer.from([4 << 3 | 2, qc.length]), qc]) })()]))
    const parts = []; await new Promise((res, rej) => { ex.on('data', (d) => parts.push(d)); ex.on('end', res); ex.on('error', rej) })
    expect(parts.length === 2 && fields(parts[0]).has(4) && stStatus(parts.at(-1)) === SUCCESS, 'ExecuteQuery: a result part, then the final status')
    const d = await call(QS + 'DeleteSession', str(1, id))
    expect(stStatus(d.res) === SUCCESS, 'DeleteSession SUCCESS')
    await new Promise((r) => setTimeout(r, 200))
    expect(ended, 'AttachSession stream ends with the session')
  },
  async unimplemented() {
    const r = await call('/Ydb.Nope.V1.NopeService/Nothing', empty)
    expect(r.err && r.err.code === grpc.status.UNIMPLEMENTED, 'unknown method: gRPC UNIMPLEMENTED')
  },
  async wrongdb() {
    const r = await call(QS + 'CreateSession', empty, { 'x-ydb-database': '/other' })
    expect(r.err && r.err.code === grpc.status.UNAUTHENTICATED, 'wrong x-ydb-database: UNAUTHENTICATED')
  },
  async failnth() {   // ydbsim --fail 2:CreateSession:OVERLOADED
    const s = []
    for (let i = 0; i < 3; i++) s.push(stStatus((await call(QS + 'CreateSession', empty)).res))
    expect(s[0] === SUCCESS && s[1] === 400060 && s[2] === SUCCESS, '--fail 2:CreateSession:OVERLOADED fails only the 2nd call ' + s)
  },
  async failgrpc() {  // ydbsim --fail 1:ListEndpoints:GRPC_UNAVAILABLE:after
    const r = await call(DS + 'ListEndpoints', str(1, '/local'))
    expect(r.err && r.err.code === grpc.status.UNAVAILABLE, '--fail with a gRPC status, after: UNAVAILABLE')
    const r2 = await call(DS + 'ListEndpoints', str(1, '/local'))
    expect(!r2.err, 'the next call is fine')
  },
  async drop() {      // ydbsim --drop 1:WhoAmI
    const r = await call(DS + 'WhoAmI', empty)
    expect(r.err && r.err.code === grpc.status.UNAVAILABLE, '--drop: the call fails UNAVAILABLE (' + (r.err && r.err.details) + ')')
    const r2 = await call(DS + 'WhoAmI', empty)
    expect(!r2.err && opStatus(r2.res).status === SUCCESS, 'a new connection works after the drop')
  },
  async delay() {     // ydbsim --delay 300:WhoAmI
    const r = await call(DS + 'WhoAmI', empty)
    expect(!r.err && r.ms >= 290, '--delay 300: reply after ' + r.ms + ' ms')
  },
  async token() {     // ydbsim --auth token:sekret
    const r = await call(QS + 'CreateSession', empty)
    expect(r.err && r.err.code === grpc.status.UNAUTHENTICATED, 'no token: gRPC UNAUTHENTICATED')
    const r2 = await call(QS + 'CreateSession', empty, { 'x-ydb-auth-ticket': 'wrong' })
    expect(!r2.err && stStatus(r2.res) === 400020, 'bad token: UNAUTHORIZED')
    const r3 = await call(QS + 'CreateSession', empty, { 'x-ydb-auth-ticket': 'sekret' })
    expect(!r3.err && stStatus(r3.res) === SUCCESS, 'right token: SUCCESS')
  },
  async static() {    // ydbsim --auth static:alice:pw
    const bad = await call('/Ydb.Auth.V1.AuthService/Login', Buffer.concat([str(2, 'alice'), str(3, 'nope')]))
    expect(opStatus(bad.res).status === 400020, 'Login with a wrong password: UNAUTHORIZED')
    const ok = await call('/Ydb.Auth.V1.AuthService/Login', Buffer.concat([str(2, 'alice'), str(3, 'pw')]))
    const { status, op } = opStatus(ok.res)
    const any = fields(op.get(5)[0])
    expect(status === SUCCESS && any.get(1)[0].toString() === 'type.googleapis.com/Ydb.Auth.LoginResult', 'Login SUCCESS with LoginResult')
    const token = fields(any.get(2)[0]).get(1)[0].toString()
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())
    expect(token.split('.').length === 3 && claims.exp > Date.now() / 1000, 'token is JWT-shaped with a future exp claim')
    const w = await call(DS + 'WhoAmI', empty, { 'x-ydb-auth-ticket': token })
    const user = fields(fields(fields(fields(w.res).get(1)[0]).get(5)[0]).get(2)[0]).get(1)[0].toString()
    expect(user === 'alice', 'WhoAmI with the token: alice')
  },
}

for (const c of checks) await tests[c]()
client.close()
