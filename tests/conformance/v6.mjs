// v6.mjs - @ydbjs/core + @ydbjs/query (v6) against ydbsim (a TEST TOOL). Prints each check.
import { Driver } from '@ydbjs/core'
import { query } from '@ydbjs/query'
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
  // write conflict: tx1 reads, tx2 writes and commits, tx1 writes -> commit ABORTED
  const s2 = query(driver)
  let aborted = null
  try {
    await sql.begin({ idempotent: false, retry: false }, async (tx) => {
      await tx`SELECT balance FROM v6_acc WHERE id = ${1n}`
      await s2`UPSERT INTO v6_acc (id, balance) VALUES (${1n}, ${0n})`
      await tx`UPSERT INTO v6_acc (id, balance) VALUES (${1n}, ${1n})`
    })
  } catch (e) { aborted = e }
  must(aborted && /ABORTED|400040/.test(String(aborted.message) + String(aborted.code)), 'v6: write conflict comes back ABORTED')
  await sql`DELETE FROM v6_acc WHERE id = ${2n}`
  const rows = await sql`SELECT id FROM v6_acc`
  must(rows[0].length === 1, 'v6: DELETE')
  let bad = null
  try { await sql`ALTER TABLE v6_acc DROP COLUMN id` } catch (e) { bad = e }
  must(bad !== null, 'v6: illegal DDL fails with YDB status: ' + (bad && bad.message))
  await sql`DROP TABLE v6_acc`
  ok('v6: DROP TABLE')
} catch (e) {
  console.error('FAIL: ' + (e && e.stack || e)); process.exitCode = 1
} finally {
  driver.close()
}
