// v5.js - ydb-sdk v5 against ydbsim (a TEST TOOL): the TableService path. Prints each check.
// ydb-sdk v5's TableSession has no executeSchemeQuery: DDL goes through its own calls,
// createTable / alterTable / dropTable (TableService CreateTable / AlterTable / DropTable RPCs).
const {
  Driver, AnonymousAuthService, TableDescription, AlterTableDescription, TableIndex, Column, Types, TypedValues,
} = require('ydb-sdk');
const [endpoint, database] = process.argv.slice(2);
const ok = (what) => console.log('ok: ' + what);
const must = (cond, what) => { if (!cond) throw new Error('check failed: ' + what); ok(what); };
const GENERIC_ERROR = 400080;
(async () => {
  const driver = new Driver({ endpoint, database, authService: new AnonymousAuthService() });
  must(await driver.ready(10000), 'v5: discovery (driver ready)');
  await driver.tableClient.withSession(async (s) => {
    await s.createTable('v5_users', new TableDescription()
      .withColumn(new Column('id', Types.optional(Types.UINT64)))
      .withColumn(new Column('name', Types.optional(Types.UTF8)))
      .withColumn(new Column('created', Types.optional(Types.TIMESTAMP)))
      .withPrimaryKey('id')
      .withTtl('created', 3600));
    ok('v5: CreateTable v5_users (with TTL on created)');
    await s.alterTable('v5_users', new AlterTableDescription().withAddColumn(new Column('age', Types.optional(Types.UINT32))));
    ok('v5: AlterTable ADD COLUMN');
    const addIndex = new AlterTableDescription();
    addIndex.addIndexes.push(new TableIndex('by_name').withIndexColumns('name').withGlobalAsync(false));
    await s.alterTable('v5_users', addIndex);
    ok('v5: AlterTable ADD INDEX');
    const d = await s.describeTable('v5_users');
    must(d.columns.map((c) => c.name).join(',') === 'id,name,created,age' && d.primaryKey.join() === 'id',
      'v5: DescribeTable columns and key');
    must(d.columns.every((c) => c.type.optionalType), 'v5: DescribeTable nullable columns come as Optional<T>');
    must(d.indexes.length === 1 && d.indexes[0].name === 'by_name' && d.indexes[0].indexColumns.join() === 'name' &&
      d.indexes[0].globalIndex && d.indexes[0].status === 1, 'v5: DescribeTable index (global sync, READY)');
    const ttl = d.ttlSettings && d.ttlSettings.dateTypeColumn;
    must(ttl && ttl.columnName === 'created' && Number(ttl.expireAfterSeconds) === 3600, 'v5: DescribeTable TTL (date-type column)');
    await s.executeQuery('DECLARE $id AS Uint64; DECLARE $name AS Utf8; UPSERT INTO v5_users (id, name) VALUES ($id, $name);',
      { $id: TypedValues.uint64(1), $name: TypedValues.utf8('alice') });
    ok('v5: UPSERT with parameters');
    const r = await s.executeQuery('DECLARE $id AS Uint64; SELECT name FROM v5_users WHERE id = $id;', { $id: TypedValues.uint64(1) });
    must(r.resultSets[0].rows[0].items[0].textValue === 'alice', 'v5: SELECT with parameters');
    let err = null;
    try { await s.alterTable('v5_users', new AlterTableDescription().withDropColumn('id')); } catch (e) { err = e; }
    const text = err ? JSON.stringify(err.issues || err.message) : '';
    must(err && err.constructor.status === GENERIC_ERROR && /is a key column/.test(text),
      'v5: illegal DDL (drop a key column) fails with GENERIC_ERROR: ' + (err && err.constructor.name));
    const dropIndex = new AlterTableDescription();
    dropIndex.dropIndexes.push('by_name');
    await s.alterTable('v5_users', dropIndex);
    must((await s.describeTable('v5_users')).indexes.length === 0, 'v5: AlterTable DROP INDEX');
    await s.dropTable('v5_users');
    ok('v5: DropTable');
    // A table under a folder that does not exist: SCHEME_ERROR, worded as YDB's SchemeShard
    // words it (the status, not the words, says "absent").
    err = null;
    try { await s.describeTable('no/such/folder/t'); } catch (e) { err = e; }
    must(err && err.constructor.status === 400070 && /hasn't been resolved/.test(JSON.stringify(err.issues || err.message)),
      'v5: DescribeTable of a table in a missing folder: SCHEME_ERROR ("path hasn\'t been resolved")');
    // An index added to a table with rows is BUILDING while ydbsim builds it (--index-build-ms),
    // then READY: TableIndexDescription.status as the SDK decodes it.
    await s.createTable('v5_build', new TableDescription()
      .withColumn(new Column('id', Types.optional(Types.UINT64)))
      .withColumn(new Column('name', Types.optional(Types.UTF8)))
      .withPrimaryKey('id'));
    await s.executeQuery('UPSERT INTO v5_build (id, name) VALUES (1ul, "a"u);');
    const addIx = new AlterTableDescription();
    addIx.addIndexes.push(new TableIndex('by_name').withIndexColumns('name').withGlobalAsync(false));
    const adding = driver.tableClient.withSession((s2) => s2.alterTable('v5_build', addIx));
    await new Promise((r) => setTimeout(r, 300));
    const d1 = await s.describeTable('v5_build');
    must(d1.indexes.length === 1 && d1.indexes[0].status === 2, 'v5: DescribeTable lists an index being built as BUILDING');
    await adding;
    const d2 = await s.describeTable('v5_build');
    must(d2.indexes.length === 1 && d2.indexes[0].status === 1, 'v5: ... and READY once the ALTER has answered');
    await s.dropTable('v5_build');
  });
  await driver.destroy();
})().catch((e) => { console.error('FAIL: ' + (e && e.stack || e)); process.exit(1); });
