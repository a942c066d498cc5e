// v5.js - ydb-sdk v5 against ydbsim (a TEST TOOL). Prints each thing it checks.
const { Driver, AnonymousAuthService, TableDescription, Column, Types, TypedValues } = require('ydb-sdk');
const [endpoint, database] = process.argv.slice(2);
const ok = (what) => console.log('ok: ' + what);
const must = (cond, what) => { if (!cond) throw new Error('check failed: ' + what); ok(what); };
(async () => {
  const driver = new Driver({ endpoint, database, authService: new AnonymousAuthService() });
  must(await driver.ready(10000), 'v5: discovery (driver ready)');
  await driver.tableClient.withSession(async (s) => {
    await s.createTable('v5_users', new TableDescription()
      .withColumn(new Column('id', Types.optional(Types.UINT64)))
      .withColumn(new Column('name', Types.optional(Types.UTF8)))
      .withPrimaryKey('id'));
    ok('v5: CreateTable v5_users');
    await s.executeSchemeQuery('ALTER TABLE v5_users ADD COLUMN age Uint32');
    ok('v5: ALTER TABLE ADD COLUMN');
    await s.executeSchemeQuery('ALTER TABLE v5_users ADD INDEX by_name GLOBAL ON (name)');
    ok('v5: ADD INDEX');
    const d = await s.describeTable('v5_users');
    must(d.columns.map((c) => c.name).join(',') === 'id,name,age' && d.primaryKey.join() === 'id', 'v5: DescribeTable columns and key');
    must(d.indexes.length === 1 && d.indexes[0].name === 'by_name', 'v5: DescribeTable index');
    await s.executeQuery('DECLARE $id AS Uint64; DECLARE $name AS Utf8; UPSERT INTO v5_users (id, name) VALUES ($id, $name);',
      { $id: TypedValues.uint64(1), $name: TypedValues.utf8('alice') });
    ok('v5: UPSERT with parameters');
    const r = await s.executeQuery('DECLARE $id AS Uint64; SELECT name FROM v5_users WHERE id = $id;', { $id: TypedValues.uint64(1) });
    must(r.resultSets[0].rows[0].items[0].textValue === 'alice', 'v5: SELECT with parameters');
    let err = null;
    try { await s.executeSchemeQuery('ALTER TABLE v5_users DROP COLUMN id'); } catch (e) { err = e; }
    must(err && /SCHEME_ERROR|BAD_REQUEST|GENERIC_ERROR/.test(String(err.constructor.name) + String(err.message)), 'v5: illegal DDL (drop a key column) fails: ' + (err && err.constructor.name));
    await s.executeSchemeQuery('ALTER TABLE v5_users DROP INDEX by_name');
    await s.dropTable('v5_users');
    ok('v5: DROP INDEX, DROP TABLE');
  });
  await driver.destroy();
})().catch((e) => { console.error('FAIL: ' + (e && e.stack || e)); process.exit(1); });
