// schema.js - ydb-sdk v5 reads a database that migrun migrated (against ydbsim, a TEST TOOL):
// lists the database's tables (SchemeService ListDirectory), describes each (TableService
// DescribeTable) and prints a normalized schema, one fact a line:
//
//   table NAME
//   column NAME TYPE not null|null      (in the table's column order)
//   primary_key COL[,COL...]
//   index NAME on COL[,COL...] [cover COL,...] [unique] [async]   (sorted by name)
//
// Tables are sorted by name; names given after the database are left out (migrun's own).
//   node schema.js grpc://127.0.0.1:PORT /local [SKIP...]
const { Driver, AnonymousAuthService } = require('ydb-sdk');
const { Ydb } = require('ydb-sdk-proto');

const [endpoint, database, ...skip] = process.argv.slice(2);

// PrimitiveTypeId names (UINT64, JSON_DOCUMENT) as YQL spells them (Uint64, JsonDocument).
const special = { UTF8: 'Utf8', DYNUMBER: 'DyNumber', JSON_DOCUMENT: 'JsonDocument', TZ_DATE: 'TzDate',
  TZ_DATETIME: 'TzDatetime', TZ_TIMESTAMP: 'TzTimestamp' };
function primName(id) {
  const n = Ydb.Type.PrimitiveTypeId[id];
  if (!n) return `Primitive(${id})`;
  if (special[n]) return special[n];
  return n.split('_').map((w) => w[0] + w.slice(1).toLowerCase()).join('');
}
function typeText(t) {
  if (t.optionalType) return { name: typeText(t.optionalType.item).name, nullable: true };
  if (t.decimalType) return { name: `Decimal(${t.decimalType.precision},${t.decimalType.scale})`, nullable: false };
  if (t.typeId !== undefined && t.typeId !== null) return { name: primName(t.typeId), nullable: false };
  if (t.pgType) return { name: `Pg(${t.pgType.typeName || t.pgType.oid})`, nullable: false };
  return { name: JSON.stringify(t), nullable: false };
}

(async () => {
  const driver = new Driver({ endpoint, database, authService: new AnonymousAuthService() });
  if (!(await driver.ready(10000))) throw new Error('driver not ready');
  const dir = await driver.schemeClient.listDirectory('');
  const tables = dir.children
    .filter((e) => e.type === Ydb.Scheme.Entry.Type.TABLE && !skip.includes(e.name) && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  const out = [];
  await driver.tableClient.withSession(async (s) => {
    for (const name of tables) {
      const d = await s.describeTable(name);
      out.push(`table ${name}`);
      for (const c of d.columns) {
        const t = typeText(c.type);
        out.push(`column ${c.name} ${t.name} ${t.nullable ? 'null' : 'not null'}`);
      }
      out.push(`primary_key ${d.primaryKey.join(',')}`);
      const idx = (d.indexes || []).slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const i of idx) {
        let line = `index ${i.name} on ${i.indexColumns.join(',')}`;
        if (i.dataColumns && i.dataColumns.length) line += ` cover ${i.dataColumns.join(',')}`;
        if (i.globalUniqueIndex) line += ' unique';
        if (i.globalAsyncIndex) line += ' async';
        out.push(line);
      }
    }
  });
  console.log(out.join('\n'));
  await driver.destroy();
})().catch((e) => {
  console.error('FAIL: schema.js: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
