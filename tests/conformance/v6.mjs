// v6.mjs - @ydbjs/core + @ydbjs/query (v6) against ydbsim (a TEST TOOL). Prints each check.
import { Driver } from '@ydbjs/core'
import { query } from '@ydbjs/query'
import { TableServiceDefinition, CreateSessionResultSchema } from '@ydbjs/api/table'
// the protobuf runtime @ydbjs/api's messages are made with (its own pinned dependency)
import { anyUnpack } from '@bufbuild/protobuf/wkt'
const ok = (what) => console.log('ok: ' + what)
const must = (cond, what) => { if (!cond) throw new Error('check failed: ' + what); ok(what) }
const driver = new Driver(process.argv[2])
try {
  await driver.ready(AbortSignal.timeout(10000))
  ok('v6: discovery (driver ready)')
  const sql = query(driver)
  await sql`CREATE TABLE v6_acc (id Uint64 NOT NULL, balance Int64, PRIMARY KEY (id))`
  ok('v6: CREATE TABLE')
  await sql`ALTER TABLE v6_acc ADD INDEX by_balance GLOBAL ON (balance)`
  ok('v6: ADD INDEX')
  await sql`UPSERT INTO v6_acc (id, balance) VALUES (${1n}, ${100n}), (${2n}, ${50n})`
  ok('v6: UPSERT with parameters')
  await sql`UPDATE v6_acc SET balance = balance + ${10n} WHERE id = ${2n}`
  const [[row]] = await sql`SELECT balance FROM v6_acc WHERE id = ${2n}`
  must(BigInt(row.balance) === 60n, 'v6: UPDATE then SELECT with parameters')
  await sql.begin(async (tx) => {
    const [[a]] = await tx`SELECT balance FROM v6_acc WHERE id = ${1n}`
    await tx`UPDATE v6_acc SET balance = ${BigInt(a.balance) - 10n} WHERE id = ${1n}`
  })
  const [[a1]] = await sql`SELECT balance FROM v6_acc WHERE id = ${1n}`
  must(BigInt(a1.balance) === 90n, 'v6: interactive transaction committed')
  // Write conflict: tx1 reads id=1, another session (s2, outside tx1) writes id=1 and
  // commits, tx1 writes id=1 -> tx1 comes back ABORTED ("Transaction locks invalidated").
  // @ydbjs v6 facts this relies on (read in node_modules/@ydbjs/query and /retry):
  //  - every query(driver) call made inside sql.begin's callback joins tx1 (AsyncLocalStorage),
  //    so the conflicting write runs from a task started OUTSIDE the callback;
  //  - sql.begin retries ABORTED itself (YDBError.retryable), so the ABORTED is seen by an
  //    onRollback hook, the callback runs a second time, and that attempt commits.
  const s2 = query(driver)
  let release
  const gate = new Promise((r) => { release = r })
  const writer = (async () => { await gate; await s2`UPSERT INTO v6_acc (id, balance) VALUES (${1n}, ${0n})` })()
  let aborted = null
  let attempts = 0
  await sql.begin({ idempotent: false }, async (tx) => {
    attempts++
    tx.onRollback((e) => { if (!aborted) aborted = e })
    await tx`SELECT balance FROM v6_acc WHERE id = ${1n}`
    if (attempts === 1) { release(); await writer }
    await tx`UPSERT INTO v6_acc (id, balance) VALUES (${1n}, ${1n})`
  })
  const st = aborted && (aborted.code ?? (aborted.cause && aborted.cause.code))
  must(st === 400040, 'v6: write conflict comes back ABORTED: ' + (aborted && (aborted.cause || aborted).message))
  const [[a2]] = await sql`SELECT balance FROM v6_acc WHERE id = ${1n}`
  must(attempts === 2 && BigInt(a2.balance) === 1n, 'v6: the SDK retried the ABORTED transaction and the retry committed')
  await sql`DELETE FROM v6_acc WHERE id = ${2n}`
  const rows = await sql`SELECT id FROM v6_acc`
  must(rows[0].length === 1, 'v6: DELETE')
  let bad = null
  try { await sql`ALTER TABLE v6_acc DROP COLUMN id` } catch (e) { bad = e }
  // YDB: dropping a key column is GENERIC_ERROR, the reason nested under "Execution".
  must(bad && bad.code === 400080 && /is a key column/.test(JSON.stringify(bad.issues)),
    'v6: illegal DDL (drop a key column) fails with GENERIC_ERROR: ' + (bad && bad.message))
  await sql`DROP TABLE v6_acc`
  ok('v6: DROP TABLE')
  // Literals as YDB converts them: a String literal into a Utf8 column and compared with one;
  // a type error when the query is compiled, whether or not a row matches.
  await sql`CREATE TABLE v6_lit (id Uint64 NOT NULL, name Utf8, raw String, PRIMARY KEY (id))`
  await sql`UPSERT INTO v6_lit (id, name, raw) VALUES (1ul, 'abc', 'x')`
  const [[lit]] = await sql`SELECT name FROM v6_lit WHERE name = 'abc'`
  must(lit && lit.name === 'abc', "v6: a String literal ('abc') goes into a Utf8 column and compares with one")
  let typeErr = null
  try { await sql`UPDATE v6_lit SET name = raw WHERE id = 999ul` } catch (e) { typeErr = e }
  must(typeErr && typeErr.code === 400080 && /Failed to convert/.test(JSON.stringify(typeErr.issues)),
    'v6: String column into Utf8: GENERIC_ERROR at compile time, though no row matches: ' + (typeErr && typeErr.message))
  await sql`DROP TABLE v6_lit`
  // TableService.RenameTables through the SDK's own TableService client (@ydbjs v6 has no
  // wrapper for it; ydb-sdk v5's TableSession has none either): a two-item swap in one call,
  // the swap back with replace_destination, and an existing destination refused.
  await sql`CREATE TABLE v6_t (k0 Uint64 NOT NULL, k1 Uint64 NOT NULL, v Utf8, PRIMARY KEY (k0, k1))`
  await sql`CREATE TABLE v6_s (id Uint64 NOT NULL, w Int32, PRIMARY KEY (id))`
  await sql`UPSERT INTO v6_t (k0, k1, v) VALUES (1ul, 1ul, 'a'u), (1ul, 2ul, 'b'u), (2ul, 1ul, 'c'u), (2ul, 2ul, 'd'u), (3ul, 1ul, 'e'u)`
  await sql`UPSERT INTO v6_s (id, w) VALUES (7ul, 70)`
  const table = driver.createClient(TableServiceDefinition)
  const cs = await table.createSession({})
  const sessionId = anyUnpack(cs.operation.result, CreateSessionResultSchema).sessionId
  const db = '/local'
  const rename = async (items) => (await table.renameTables({
    sessionId,
    tables: items.map(([from, to, replace]) => ({ sourcePath: `${db}/${from}`, destinationPath: `${db}/${to}`, replaceDestination: !!replace })),
  })).operation
  let op = await rename([['v6_t', 'v6_k'], ['v6_s', 'v6_t']])
  must(op.ready && op.status === 400000, 'v6: RenameTables swaps two tables in one call (t -> k, s -> t)')
  const [[sw]] = await sql`SELECT w FROM v6_t`
  const [[kc]] = await sql`SELECT COUNT(*) AS n FROM v6_k`
  must(sw.w === 70 && BigInt(kc.n) === 5n, "v6: ... t holds s's row, k t's five rows")
  op = await rename([['v6_k', 'v6_t']])
  must(op.status === 400070 && /path exist/.test(JSON.stringify(op.issues)),
    'v6: RenameTables onto an existing table without replace: SCHEME_ERROR')
  op = await rename([['v6_k', 'v6_t', true]])
  must(op.status === 400000, 'v6: RenameTables with replace_destination (k replaces t)')
  const [[tc]] = await sql`SELECT COUNT(*) AS n FROM v6_t WHERE k0 >= ${2n}`
  must(BigInt(tc.n) === 3n, 'v6: ... t is the old t again: COUNT(*) with a WHERE')
  await table.deleteSession({ sessionId })
  // keyed paging, as backfill and rebuild_table page: the OR form and the tuple form
  const keys = async (after) => {
    const got = []
    let c = null
    for (;;) {
      const [page] = c === null ? await sql`SELECT k0, k1 FROM v6_t ORDER BY k0, k1 LIMIT 2`
        : after === 'tuple' ? await sql`SELECT k0, k1 FROM v6_t WHERE (k0, k1) > (${c[0]}, ${c[1]}) ORDER BY k0, k1 LIMIT 2`
          : await sql`SELECT k0, k1 FROM v6_t WHERE (k0 > ${c[0]}) OR (k0 = ${c[0]} AND k1 > ${c[1]}) ORDER BY k0, k1 LIMIT 2`
      if (page.length === 0) return got.join(' ')
      for (const r of page) got.push(`${r.k0}.${r.k1}`)
      c = [BigInt(page[page.length - 1].k0), BigInt(page[page.length - 1].k1)]
    }
  }
  must(await keys('or') === '1.1 1.2 2.1 2.2 3.1', 'v6: keyed paging, (k0 > $c0) OR (k0 = $c0 AND k1 > $c1)')
  must(await keys('tuple') === '1.1 1.2 2.1 2.2 3.1', 'v6: keyed paging, (k0, k1) > ($c0, $c1)')
  await sql`DROP TABLE v6_t`
} catch (e) {
  console.error('FAIL: ' + (e && e.stack || e)); process.exitCode = 1
} finally {
  // @ydbjs/query deletes sessions fire-and-forget (void client.deleteSession(...)); closing the
  // driver while one is in flight rejects it unhandled ("Channel closed before call started")
  // and node exits 1. Seen with the wire proxy in between. Let those calls finish first.
  await new Promise((r) => setTimeout(r, 500))
  driver.close()
}
