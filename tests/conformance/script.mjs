// script.mjs - @ydbjs v6 runs a YQL script one statement at a time, as a DBA pasting
// `migrun upgrade --sql` output into a client would (a TEST TOOL's check: YDB's official SDK
// takes every statement of the script, version-table statements included).
// Usage: node script.mjs grpc://HOST:PORT/DB FILE. A statement ends at a line ending with ';';
// lines holding only a "--" comment are skipped.
import { readFileSync } from 'node:fs'
import { Driver } from '@ydbjs/core'
import { query } from '@ydbjs/query'
const [url, file] = process.argv.slice(2)
const statements = []
let cur = ''
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (/^\s*--/.test(line) || (cur === '' && line.trim() === '')) continue
  cur += line + '\n'
  if (/;\s*$/.test(line)) { statements.push(cur); cur = '' }
}
const driver = new Driver(url)
try {
  await driver.ready(AbortSignal.timeout(10000))
  const sql = query(driver)
  for (const st of statements) await sql`${sql.unsafe(st)}`
  console.log(`ok: v6: the script's ${statements.length} statements ran one at a time`)
} catch (e) {
  console.error('FAIL: ' + (e && e.stack || e)); process.exitCode = 1
} finally {
  await new Promise((r) => setTimeout(r, 500))
  driver.close()
}
