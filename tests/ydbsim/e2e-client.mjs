// e2e-client.mjs - raw gRPC calls against ydbsim (a TEST TOOL) for tests/ydbsim/e2e.sh.
// Usage: node e2e-client.mjs HOST:PORT CHECK...   Each CHECK prints "ok: ..." or fails.
// Requests are hand-encoded protobuf; replies are decoded just enough to read statuses.
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
const require = createRequire(process.env.CONFORMANCE_DIR + '/package.json')
const grpc = require('@grpc/grpc-js')
// The engine checks encode and decode with YDB's official message schemas (@ydbjs/api,
// protobuf-es) from the conformance node_modules: only the messages, no SDK logic.
const esm = (spec) => import(pathToFileURL(require.resolve(spec)).href)
const P = await import(pathToFileURL(process.env.CONFORMANCE_DIR + '/node_modules/@bufbuild/protobuf/dist/esm/index.js').href)
const Q = await esm('@ydbjs/api/query')
const T = await esm('@ydbjs/api/table')
const V = await esm('@ydbjs/api/value')

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

// ---- engine checks (with the real engine): message helpers
const enc = (schema, init) => Buffer.from(P.toBinary(schema, P.create(schema, init)))
const dec = (schema, buf) => P.fromBinary(schema, new Uint8Array(buf))
const ABORTED = 400040, PRECONDITION_FAILED = 400120, GENERIC_ERROR = 400080
const issueText = (issues) => (issues || []).map((i) => i.message + ' ' + issueText(i.issues)).join(' ')
const u64 = (v) => ({ type: { type: { case: 'typeId', value: V.Type_PrimitiveTypeId.UINT64 } }, value: { value: { case: 'uint64Value', value: BigInt(v) } } })
const utf8 = (v) => ({ type: { type: { case: 'typeId', value: V.Type_PrimitiveTypeId.UTF8 } }, value: { value: { case: 'textValue', value: v } } })
const serializable = { txMode: { case: 'serializableReadWrite', value: {} } }

async function qsession() {
  const r = await call(QS + 'CreateSession', empty)
  const res = dec(Q.CreateSessionResponseSchema, r.res)
  if (r.err || res.status !== SUCCESS) throw new Error('CreateSession failed')
  return res.sessionId
}
// ExecuteQuery: { status, issues, rows: [[...values]] of every result set, txId }
async function qexec(sessionId, text, { txControl, params } = {}) {
  const req = enc(Q.ExecuteQueryRequestSchema, {
    sessionId, execMode: Q.ExecMode.EXECUTE, txControl, parameters: params || {},
    query: { case: 'queryContent', value: { syntax: Q.Syntax.YQL_V1, text } },
  })
  const st = stream(QS + 'ExecuteQuery', req)
  const parts = []
  await new Promise((res, rej) => { st.on('data', (d) => parts.push(dec(Q.ExecuteQueryResponsePartSchema, d))); st.on('end', res); st.on('error', rej) })
  const out = { status: SUCCESS, issues: [], sets: [], txId: null }
  for (const p of parts) {
    if (p.status !== SUCCESS) { out.status = p.status; out.issues = p.issues }
    if (p.resultSet) out.sets[Number(p.resultSetIndex)] = p.resultSet.rows.map((r) => r.items.map((i) => i.value.value))
    if (p.txMeta && p.txMeta.id) out.txId = p.txMeta.id
  }
  return out
}
async function qbegin(sessionId) {
  const r = dec(Q.BeginTransactionResponseSchema, (await call(QS + 'BeginTransaction', enc(Q.BeginTransactionRequestSchema, { sessionId, txSettings: serializable }))).res)
  if (r.status !== SUCCESS) throw new Error('BeginTransaction: ' + r.status)
  return r.txMeta.id
}
async function qcommit(sessionId, txId) {
  return dec(Q.CommitTransactionResponseSchema, (await call(QS + 'CommitTransaction', enc(Q.CommitTransactionRequestSchema, { sessionId, txId }))).res)
}
const inTx = (txId, commitTx = false) => ({ txSelector: { case: 'txId', value: txId }, commitTx })
async function describe(path) {
  const cs = dec(T.CreateSessionResponseSchema, (await call(TS + 'CreateSession', empty)).res)
  const sessionId = dec(T.CreateSessionResultSchema, cs.operation.result.value).sessionId
  const r = dec(T.DescribeTableResponseSchema, (await call(TS + 'DescribeTable', enc(T.DescribeTableRequestSchema, { sessionId, path }))).res)
  await call(TS + 'DeleteSession', enc(T.DeleteSessionRequestSchema, { sessionId }))
  if (r.operation.status !== SUCCESS) return { status: r.operation.status }
  expect(r.operation.result.typeUrl === 'type.googleapis.com/Ydb.Table.DescribeTableResult', 'DescribeTable: exact Any type URL')
  return { status: SUCCESS, d: dec(T.DescribeTableResultSchema, r.operation.result.value) }
}

const engineTests = {
  async engine() {
    const s1 = await qsession(), s2 = await qsession()
    let r = await qexec(s1, 'CREATE TABLE e2e_acc (id Uint64 NOT NULL, owner Utf8, balance Int64, ts Timestamp, ' +
      'INDEX by_owner GLOBAL ON (owner) COVER (balance), PRIMARY KEY (id)) WITH (TTL = Interval("P1D") ON ts)')
    expect(r.status === SUCCESS, 'DDL via QueryService with no transaction (NoTx): CREATE TABLE SUCCESS')
    r = await qexec(s1, 'ALTER TABLE e2e_acc ADD COLUMN note Utf8')
    expect(r.status === SUCCESS, 'DDL via QueryService NoTx: ALTER TABLE ADD COLUMN SUCCESS')
    // DDL inside a transaction: begun by BeginTransaction, and begun inline by tx_control
    let tx = await qbegin(s1)
    r = await qexec(s1, 'CREATE TABLE e2e_no (id Uint64 NOT NULL, PRIMARY KEY (id))', { txControl: inTx(tx) })
    expect(r.status === PRECONDITION_FAILED && /Scheme operations cannot be executed inside transaction/.test(issueText(r.issues)),
      'DDL inside a transaction (tx_id): PRECONDITION_FAILED, "Scheme operations cannot be executed inside transaction"')
    r = await qexec(s1, 'DROP TABLE e2e_acc', { txControl: { txSelector: { case: 'beginTx', value: serializable }, commitTx: true } })
    expect(r.status === PRECONDITION_FAILED, 'DDL with begin_tx in tx_control: PRECONDITION_FAILED')
    // DML in a serializable transaction: begin inline, continue by id, commit by CommitTransaction
    r = await qexec(s1, 'DECLARE $id AS Uint64; DECLARE $o AS Utf8; UPSERT INTO e2e_acc (id, owner, balance) VALUES ($id, $o, 100)',
      { txControl: { txSelector: { case: 'beginTx', value: serializable }, commitTx: false }, params: { $id: u64(1), $o: utf8('ann') } })
    expect(r.status === SUCCESS && r.txId, 'DML with begin_tx (serializable): SUCCESS and tx_meta.id')
    tx = r.txId
    r = await qexec(s1, 'UPSERT INTO e2e_acc (id, owner, balance) VALUES (2ul, "bob"u, 50l)', { txControl: inTx(tx) })
    expect(r.status === SUCCESS, 'DML continues the transaction by tx_id')
    r = await qexec(s2, 'SELECT COUNT(*) AS n FROM e2e_acc')
    expect(r.status === SUCCESS && BigInt(r.sets[0][0][0]) === 0n, 'uncommitted writes are invisible to another session')
    const c = await qcommit(s1, tx)
    expect(c.status === SUCCESS, 'CommitTransaction SUCCESS')
    r = await qexec(s2, 'SELECT id, owner, balance FROM e2e_acc ORDER BY id')
    expect(r.status === SUCCESS && r.sets[0].length === 2 && r.sets[0][1][1] === 'bob' && BigInt(r.sets[0][0][2]) === 100n,
      'committed rows are visible (SELECT ... ORDER BY with a result set)')
    // the ABORTED conflict: s1 reads id=1 in a tx, s2 writes id=1 (NoTx, committed), s1 writes id=1
    tx = await qbegin(s1)
    r = await qexec(s1, 'SELECT balance FROM e2e_acc WHERE id = 1ul', { txControl: inTx(tx) })
    expect(r.status === SUCCESS && BigInt(r.sets[0][0][0]) === 100n, 'conflict: tx1 reads id=1')
    r = await qexec(s2, 'UPDATE e2e_acc SET balance = 0 WHERE id = 1ul')
    expect(r.status === SUCCESS, 'conflict: another session writes id=1 and commits')
    r = await qexec(s1, 'UPDATE e2e_acc SET balance = 1 WHERE id = 1ul', { txControl: inTx(tx, true) })
    expect(r.status === ABORTED && /Transaction locks invalidated/.test(issueText(r.issues)),
      'conflict: tx1 write+commit comes back ABORTED, "Transaction locks invalidated"')
    r = await qexec(s1, 'SELECT 1', { txControl: inTx(tx) })
    expect(r.status !== SUCCESS, 'conflict: the aborted transaction is gone (' + r.status + ')')
    r = await qexec(s2, 'SELECT balance FROM e2e_acc WHERE id = 1ul')
    expect(BigInt(r.sets[0][0][0]) === 0n, 'conflict: the winner\'s write stands')
    // a failed statement inside a tx invalidates it (the engine frees it; no reuse)
    tx = await qbegin(s1)
    r = await qexec(s1, 'UPDATE e2e_acc SET id = 5ul WHERE id = 1ul', { txControl: inTx(tx) })
    expect(r.status === GENERIC_ERROR, 'a failing DML statement in a tx: GENERIC_ERROR (update of a key column)')
    const cc = await qcommit(s1, tx)
    expect(cc.status === 400140, 'commit of the invalidated tx: NOT_FOUND, and the server survives it')
    // DescribeTable as YDB reports it
    const { status, d } = await describe('/local/e2e_acc')
    expect(status === SUCCESS, 'DescribeTable SUCCESS')
    expect(d.columns.map((x) => x.name).join() === 'id,owner,balance,ts,note' && d.primaryKey.join() === 'id',
      'DescribeTable: columns in order, primary key')
    expect(d.columns[0].notNull === true && d.columns[0].type.type.case === 'typeId' && d.columns[1].type.type.case === 'optionalType',
      'DescribeTable: NOT NULL key as a plain type with not_null, nullable columns as Optional<T>')
    const ix = d.indexes[0]
    expect(d.indexes.length === 1 && ix.name === 'by_owner' && ix.indexColumns.join() === 'owner' && ix.dataColumns.join() === 'balance' &&
      ix.type.case === 'globalIndex' && ix.status === T.TableIndexDescription_Status.READY, 'DescribeTable: the index (global sync, cover, READY)')
    expect(d.ttlSettings && d.ttlSettings.mode.case === 'dateTypeColumn' && d.ttlSettings.mode.value.columnName === 'ts' &&
      d.ttlSettings.mode.value.expireAfterSeconds === 86400, 'DescribeTable: TTL on ts, 86400 s')
    const missing = await describe('/local/nope')
    expect(missing.status === 400070, 'DescribeTable of a missing table: SCHEME_ERROR')
    // an illegal DDL comes back with YDB's status
    r = await qexec(s1, 'ALTER TABLE e2e_acc DROP COLUMN id')
    expect(r.status === GENERIC_ERROR && /is a key column/.test(issueText(r.issues)), 'DROP of a key column: GENERIC_ERROR')
    r = await qexec(s1, 'DROP TABLE e2e_nope')
    expect(r.status === 400070, 'DROP of a missing table: SCHEME_ERROR')
  },
  async state1() {   // before a restart with --state
    const s = await qsession()
    let r = await qexec(s, 'CREATE TABLE `dir/st` (id Uint64 NOT NULL, v Utf8, INDEX by_v GLOBAL ON (v), PRIMARY KEY (id))')
    expect(r.status === SUCCESS, 'state: CREATE TABLE dir/st')
    r = await qexec(s, 'UPSERT INTO `dir/st` (id, v) VALUES (7ul, "seven"u)')
    expect(r.status === SUCCESS, 'state: UPSERT a row')
  },
  async state2() {   // after the restart
    const s = await qsession()
    const r = await qexec(s, 'SELECT v FROM `dir/st` WHERE id = 7ul')
    expect(r.status === SUCCESS && r.sets[0][0][0] === 'seven', 'state: the row survived the restart')
    const { status, d } = await describe('/local/dir/st')
    expect(status === SUCCESS && d.indexes[0].name === 'by_v', 'state: the table and its index survived the restart')
  },
  async failafter() {  // ydbsim --fail 1:ExecuteQuery:UNAVAILABLE:after --fail 2:ExecuteQuery:OVERLOADED
    const s = await qsession()
    let r = await qexec(s, 'CREATE TABLE fa (id Uint64 NOT NULL, PRIMARY KEY (id))')
    expect(r.status === 400050, '--fail ...:UNAVAILABLE:after: the client sees UNAVAILABLE')
    r = await qexec(s, 'CREATE TABLE fb (id Uint64 NOT NULL, PRIMARY KEY (id))')
    expect(r.status === 400060, '--fail ...:OVERLOADED (before): the client sees OVERLOADED')
    expect((await describe('/local/fa')).status === SUCCESS, '"after": the call was applied (table fa exists)')
    expect((await describe('/local/fb')).status === 400070, '"before": the call was not applied (no table fb)')
  },
}
Object.assign(tests, engineTests)

for (const c of checks) await tests[c]()
client.close()
