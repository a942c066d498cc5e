/* test_engine.c - ydbsim engine: DDL rules and messages, DML, types, transactions, state,
 * and robustness against garbage. */
#include "engine.h"
#include "test_util.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static sim_engine *E;

static void setup(void) { E = sim_engine_new("/local"); }
static void teardown(void) { sim_engine_free(E); }

TestSuite(engine, .init = setup, .fini = teardown);

static bool issue_code(const sim_issue *v, size_t n, uint32_t code)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i].code == code) return true;
        if (issue_code(v[i].issues, v[i].nissues, code)) return true;
    }
    return false;
}

static sim_result q(const char *yql)
{
    return sim_execute(E, SIM_API_QUERY, NULL, -1, false, yql, NULL, 0);
}

static void ok(const char *yql)
{
    sim_result r = q(yql);
    cr_assert_eq(r.status, SIM_SUCCESS, "%s -> %d %s", yql, r.status, r.nissues ? r.issues[0].message : "");
    sim_result_free(&r);
}

static void fails(const char *yql, sim_status st, const char *text)
{
    sim_result r = q(yql);
    cr_assert_eq(r.status, st, "%s -> %d (want %d) %s", yql, r.status, st,
                 r.nissues ? r.issues[0].message : "");
    cr_assert(issue_has(r.issues, r.nissues, text), "%s: no issue containing '%s' (first: %s)", yql, text,
              r.nissues ? (r.issues[0].nissues ? r.issues[0].issues[0].message : r.issues[0].message) : "");
    sim_result_free(&r);
}

static const char *T_CREATE =
    "CREATE TABLE t (id Uint64 NOT NULL, name Utf8, n Int32 NOT NULL DEFAULT 7, PRIMARY KEY (id));";

/* ---- CREATE TABLE ---- */

Test(engine, create_and_describe)
{
    ok("CREATE TABLE `shop/orders` (\n"
       "  id Uint64 NOT NULL, user_id Uint64, status Utf8 NOT NULL DEFAULT 'new'u,\n"
       "  total Decimal(22,9), payload JsonDocument, created Timestamp NOT NULL,\n"
       "  big Utf8 FAMILY cold,\n"
       "  INDEX orders_user GLOBAL SYNC ON (user_id) COVER (status),\n"
       "  INDEX u2 GLOBAL UNIQUE ASYNC ON (status),\n"
       "  PRIMARY KEY (id),\n"
       "  FAMILY default (DATA = \"ssd\", COMPRESSION = \"off\"),\n"
       "  FAMILY cold (DATA = \"rot\", COMPRESSION = \"lz4\"),\n"
       ") WITH (AUTO_PARTITIONING_BY_SIZE = enabled, AUTO_PARTITIONING_MIN_PARTITIONS_COUNT = 4,\n"
       "        TTL = Interval(\"P90D\") ON created);");
    sim_table_desc d;
    sim_result r = sim_describe_table(E, "/local/shop/orders", &d);
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_eq(d.ncolumns, 7);
    cr_assert_str_eq(d.columns[0].name, "id");
    cr_assert_eq(d.columns[0].type->kind, SIM_T_PRIMITIVE);
    cr_assert_eq(d.columns[0].type->prim, SIM_UINT64);
    cr_assert_eq(d.columns[1].type->kind, SIM_T_OPTIONAL);
    cr_assert_eq(d.columns[1].type->item->prim, SIM_UINT64);
    cr_assert(d.columns[2].has_default);
    cr_assert_eq(d.columns[2].default_value.kind, SIM_V_BYTES);
    cr_assert_str_eq(d.columns[2].default_value.bytes, "new");
    cr_assert_eq(d.columns[3].type->item->kind, SIM_T_DECIMAL);
    cr_assert_eq(d.columns[3].type->item->precision, 22);
    cr_assert_str_eq(d.columns[6].family, "cold");
    cr_assert_eq(d.npk, 1);
    cr_assert_eq(d.nindexes, 2);
    cr_assert_eq(d.indexes[0].ncover, 1);
    cr_assert(d.indexes[1].unique && d.indexes[1].async);
    cr_assert(d.has_ttl);
    cr_assert_str_eq(d.ttl_column, "created");
    cr_assert_eq(d.ttl_expire_after_seconds, 90 * 86400);
    cr_assert_eq(d.ttl_unit, 0);
    cr_assert_eq(d.nsettings, 2);
    cr_assert_str_eq(d.setting_keys[0], "AUTO_PARTITIONING_BY_SIZE");
    cr_assert_str_eq(d.setting_values[0], "ENABLED");
    cr_assert_str_eq(d.setting_values[1], "4");
    sim_table_desc_free(&d);
    sim_result_free(&r);
    /* the parent folder was created */
    sim_entry self;
    r = sim_describe_path(E, "shop", &self);
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_eq(self.type, SIM_ENTRY_DIRECTORY);
    free(self.name);
    sim_result_free(&r);
}

Test(engine, create_rules)
{
    fails("CREATE TABLE t (id Uint64)", SIM_GENERIC_ERROR, "Primary key is required for ydb tables.");
    fails("CREATE TABLE t (id Uint64, PRIMARY KEY (x))", SIM_GENERIC_ERROR, "Undefined column: x");
    fails("CREATE TABLE t (id Uint64, id Utf8, PRIMARY KEY (id))", SIM_GENERIC_ERROR, "Duplicate column: id.");
    fails("CREATE TABLE t (Key Double, PRIMARY KEY (Key))", SIM_SCHEME_ERROR, "Column Key has wrong key type Double");
    fails("CREATE TABLE t (k Json, PRIMARY KEY (k))", SIM_SCHEME_ERROR, "Column k has wrong key type Json");
    fails("CREATE TABLE t (k Uint64, PRIMARY KEY (k), PRIMARY KEY (k))", SIM_GENERIC_ERROR,
          "PRIMARY KEY statement must be specified only once");
    fails("CREATE TABLE t (k Uint64 PRIMARY KEY)", SIM_GENERIC_ERROR, "mismatched input");
    fails("CREATE TABLE t (k Varchar(255), PRIMARY KEY (k))", SIM_GENERIC_ERROR, "mismatched input");
    fails("CREATE TABLE t (k Strin, PRIMARY KEY (k))", SIM_GENERIC_ERROR, "Unknown simple type 'Strin'");
    fails("CREATE TABLE t (k Uint64, l List<Int32>, PRIMARY KEY (k))", SIM_BAD_REQUEST,
          "Invalid type for column: l. Only YQL data types and PG types are currently supported");
    fails("CREATE TABLE t (k Uint64, v Utf8 DEFAULT 'x', PRIMARY KEY (k))", SIM_GENERIC_ERROR,
          "Default expr v type mismatch, expected: Utf8, actual: String");
    fails("CREATE TABLE t (k Uint64, v Utf8 NOT NULL DEFAULT NULL, PRIMARY KEY (k))", SIM_GENERIC_ERROR,
          "Default expr v is nullable or optional, but column has not null constraint.");
    fails("CREATE TABLE t (k Uint64, PRIMARY KEY (k)) WITH (FOO = 1)", SIM_GENERIC_ERROR, "Unknown table setting: FOO");
    fails("CREATE TABLE t (k Uint64, PRIMARY KEY (k)) WITH (AUTO_PARTITIONING_BY_SIZE = 1)", SIM_GENERIC_ERROR,
          "AUTO_PARTITIONING_BY_SIZE value should be an identifier");
    fails("CREATE TABLE t (k Uint64, PRIMARY KEY (k)) WITH (AUTO_PARTITIONING_PARTITION_SIZE_MB = 0)", SIM_GENERIC_ERROR,
          "Can't set preferred partition size to 0");
    fails("CREATE TABLE t (k Utf8, PRIMARY KEY (k)) WITH (UNIFORM_PARTITIONS = 4)", SIM_SCHEME_ERROR,
          "Column 'k' has wrong key type Utf8 for being key of table with uniform partitioning");
    fails("CREATE TABLE t (k Uint64, PRIMARY KEY (k), FAMILY f (COMPRESSION = \"zip\"))", SIM_GENERIC_ERROR,
          "Unknown compression 'zip' for a column family");
    fails("CREATE TABLE t (k Uint64, v Utf8 FAMILY a FAMILY b, PRIMARY KEY (k))", SIM_GENERIC_ERROR,
          "Several column families for a single column are not yet supported");
    fails("CREATE TABLE t (k Uint64, PRIMARY KEY (k), CHANGEFEED f WITH (MODE = 'UPDATES', FORMAT = 'JSON'))",
          SIM_GENERIC_ERROR, "Cannot create table with changefeed");
    fails("CREATE TABLE t (k Uint64, INDEX i ON (k), PRIMARY KEY (k))", SIM_GENERIC_ERROR, "mismatched input");
    fails("CREATE TABLE t (k Uint64, d Double, INDEX i GLOBAL ON (d), PRIMARY KEY (k))", SIM_SCHEME_ERROR,
          "Column d has wrong key type Double");
    fails("CREATE TABLE t (k Uint64, PRIMARY KEY (k)) WITH (TTL = Interval(\"P1D\") ON k)", SIM_BAD_REQUEST, "k");
    fails("CREATE TABLE `/other/t` (k Uint64, PRIMARY KEY (k))", SIM_GENERIC_ERROR,
          "Table path not in database, path: /other/t, database: /local");
    /* accepted forms */
    ok("CREATE TABLE a (k Uint64 NOT NULL, ts Uint32, PRIMARY KEY (k)) WITH (TTL = Interval(\"PT1H\") ON ts AS SECONDS)");
    ok("CREATE TABLE b (k Decimal(22,9), i Interval, PRIMARY KEY (k, i),)");
    ok("CREATE TABLE c (K UINT64, v utf8, PRIMARY KEY (K))");
    ok("CREATE TABLE IF NOT EXISTS c (x Int32, PRIMARY KEY (x))");
    fails("CREATE TABLE c (x Int32, PRIMARY KEY (x))", SIM_SCHEME_ERROR, "path exist, request doesn't accept it");
}

Test(engine, drop_table)
{
    fails("DROP TABLE t", SIM_SCHEME_ERROR,
          "Cannot find table 'db.[/local/t]' because it does not exist or you do not have access permissions. "
          "Please check correctness of table path and user permissions.");
    sim_result r = q("DROP TABLE t");
    cr_assert(issue_code(r.issues, r.nissues, 2003));
    cr_assert_eq(r.issues[0].code, 1030); /* nested like YDB: Type annotation > At function > message */
    sim_result_free(&r);
    ok("DROP TABLE IF EXISTS t");
    ok(T_CREATE);
    ok("DROP TABLE t");
    fails("ALTER TABLE t ADD COLUMN x Int32", SIM_SCHEME_ERROR, "Cannot find table 'db.[/local/t]'");
}

/* ---- ALTER TABLE ---- */

Test(engine, alter_columns)
{
    ok(T_CREATE);
    ok("UPSERT INTO t (id, name) VALUES (1, 'a'u)");
    ok("ALTER TABLE t ADD COLUMN extra Utf8, ADD x Int64");
    fails("ALTER TABLE t ADD COLUMN extra Utf8", SIM_GENERIC_ERROR, "AlterTable : db.[/local/t] Column: \"extra\" already exists");
    fails("ALTER TABLE t DROP COLUMN nope", SIM_GENERIC_ERROR, "AlterTable : db.[/local/t] Column \"nope\" does not exist");
    fails("ALTER TABLE t DROP COLUMN id", SIM_GENERIC_ERROR, "Column: \"id\" is a key column. Key column drop is not supported");
    fails("ALTER TABLE t ADD COLUMN z Int32 NOT NULL", SIM_BAD_REQUEST, "Cannot add not null column without default value");
    fails("ALTER TABLE t ADD COLUMN z Serial", SIM_GENERIC_ERROR, "Column addition with serial data type is unsupported");
    fails("ALTER TABLE t ALTER COLUMN name SET NOT NULL", SIM_BAD_REQUEST, "SET NOT NULL");
    fails("ALTER TABLE t ALTER COLUMN name TYPE Int32", SIM_GENERIC_ERROR, "mismatched input");
    fails("ALTER TABLE t RENAME COLUMN name TO n2", SIM_GENERIC_ERROR, "mismatched input");
    ok("ALTER TABLE t ADD COLUMN z Int32 NOT NULL DEFAULT 5");
    ok("ALTER TABLE t ALTER COLUMN n DROP NOT NULL");
    ok("ALTER TABLE t ALTER COLUMN name SET FAMILY cold");
    ok("ALTER TABLE t ALTER COLUMN name SET DEFAULT 'q'u, ALTER COLUMN z DROP DEFAULT");
    ok("ALTER TABLE t DROP COLUMN x");
    sim_result r = q("SELECT z, n FROM t");
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_eq(r.sets[0].nrows, 1);
    cr_assert_eq(r.sets[0].rows[0].items[0].i64, 5);  /* backfilled */
    cr_assert_eq(r.sets[0].columns[0].type->kind, SIM_T_PRIMITIVE);
    cr_assert_eq(r.sets[0].columns[1].type->kind, SIM_T_OPTIONAL); /* NOT NULL dropped */
    sim_result_free(&r);
}

Test(engine, alter_one_kind)
{
    ok("CREATE TABLE t (id Uint64, c Utf8, d Utf8, PRIMARY KEY (id), INDEX i GLOBAL ON (c))");
    fails("ALTER TABLE t DROP INDEX i, DROP COLUMN d", SIM_BAD_REQUEST, "Unqualified alter table request.");
    fails("ALTER TABLE t ADD COLUMN e Utf8, ADD INDEX j GLOBAL ON (d)", SIM_BAD_REQUEST, "Unqualified alter table request.");
    fails("ALTER TABLE t ADD INDEX j GLOBAL ON (d), ADD INDEX k GLOBAL ON (c)", SIM_UNSUPPORTED,
          "Only one index can be added by one operation");
    fails("ALTER TABLE t RENAME TO t2, ADD COLUMN e Utf8", SIM_GENERIC_ERROR,
          "RENAME TO can not be used together with another table action");
    fails("ALTER TABLE t RENAME INDEX i TO j, DROP INDEX i", SIM_GENERIC_ERROR,
          "RENAME INDEX TO can not be used together with another table action");
    /* the failed statements changed nothing */
    sim_table_desc d;
    sim_result r = sim_describe_table(E, "t", &d);
    cr_assert_eq(d.ncolumns, 3);
    cr_assert_eq(d.nindexes, 1);
    sim_table_desc_free(&d);
    sim_result_free(&r);
}

/* DescribeTable's table_stats.rows_estimate (services.c, with include_table_stats): the
 * committed rows, after inserts and deletes; 0 for an empty table. */
Test(engine, describe_counts_rows)
{
    ok("CREATE TABLE t (id Uint64, v Utf8, PRIMARY KEY (id))");
    sim_table_desc d;
    sim_result r = sim_describe_table(E, "t", &d);
    cr_assert_eq(d.rows, 0);
    sim_table_desc_free(&d);
    sim_result_free(&r);
    ok("UPSERT INTO t (id, v) VALUES (1, 'a'u), (2, 'b'u), (3, 'c'u)");
    ok("DELETE FROM t WHERE id = 2");
    r = sim_describe_table(E, "t", &d);
    cr_assert_eq(d.rows, 2);
    sim_table_desc_free(&d);
    sim_result_free(&r);
}

Test(engine, alter_indexes_and_more)
{
    ok("CREATE TABLE t (id Uint64, c Utf8, d Utf8, ts Timestamp, PRIMARY KEY (id))");
    ok("ALTER TABLE t ADD INDEX i GLOBAL SYNC ON (c) COVER (d)");
    fails("ALTER TABLE t ADD INDEX i GLOBAL ON (d)", SIM_BAD_REQUEST, "path exist, request doesn't accept it");
    fails("ALTER TABLE t ADD INDEX j GLOBAL ON (nope)", SIM_GENERIC_ERROR, "Column: \"nope\" does not exist");
    fails("ALTER TABLE t ADD INDEX u GLOBAL UNIQUE ON (d)", SIM_BAD_REQUEST, "Adding a unique index to an existing table is disabled");
    fails("ALTER TABLE t DROP COLUMN c", SIM_BAD_REQUEST, "Impossible drop column because table has an index with that column");
    fails("ALTER TABLE t DROP COLUMN d", SIM_BAD_REQUEST, "Impossible drop column because table index covers that column");
    ok("ALTER TABLE t RENAME INDEX i TO i2");
    fails("ALTER TABLE t DROP INDEX i", SIM_GENERIC_ERROR, "AlterTable : db.[/local/t] Index: \"i\" does not exist");
    ok("ALTER TABLE t DROP INDEX i2");
    ok("ALTER TABLE t SET (TTL = Interval(\"P7D\") ON ts, AUTO_PARTITIONING_MAX_PARTITIONS_COUNT = 100)");
    ok("ALTER TABLE t SET AUTO_PARTITIONING_BY_LOAD ENABLED");
    fails("ALTER TABLE t DROP COLUMN ts", SIM_BAD_REQUEST, "Can't drop TTL column: 'ts', disable TTL first");
    fails("ALTER TABLE t RESET (AUTO_PARTITIONING_BY_SIZE)", SIM_GENERIC_ERROR, "AUTO_PARTITIONING_BY_SIZE reset is not supported");
    fails("ALTER TABLE t SET (UNIFORM_PARTITIONS = 4)", SIM_GENERIC_ERROR, "UNIFORM_PARTITIONS alter is not supported");
    fails("ALTER TABLE t SET (BOGUS = 4)", SIM_GENERIC_ERROR, "Unknown table setting: BOGUS");
    ok("ALTER TABLE t RESET (TTL)");
    ok("ALTER TABLE t DROP COLUMN ts");
    ok("ALTER TABLE t ADD CHANGEFEED f WITH (MODE = 'UPDATES', FORMAT = 'JSON')");
    fails("ALTER TABLE t RENAME TO t2", SIM_BAD_REQUEST, "Cannot move table with cdc streams");
    ok("ALTER TABLE t DROP CHANGEFEED f");
    ok("ALTER TABLE t RENAME TO `dir/t2`");
    sim_entry *ents;
    size_t n;
    sim_result r = sim_list_directory(E, "/local/dir", &ents, &n);
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(ents[0].name, "t2");
    cr_assert_eq(ents[0].type, SIM_ENTRY_TABLE);
    free(ents[0].name);
    free(ents);
    sim_result_free(&r);
}

/* ---- API and transaction rules ---- */

Test(engine, api_rules)
{
    ok(T_CREATE);
    sim_result r = sim_execute(E, SIM_API_QUERY, NULL, SIM_TX_SERIALIZABLE_RW, true, "CREATE TABLE x (k Int32, PRIMARY KEY (k))", NULL, 0);
    cr_assert_eq(r.status, SIM_PRECONDITION_FAILED);
    cr_assert(issue_has(r.issues, r.nissues, "Scheme operations cannot be executed inside transaction"));
    sim_result_free(&r);
    sim_tx *tx = sim_tx_begin(E, SIM_TX_SERIALIZABLE_RW);
    r = sim_execute(E, SIM_API_QUERY, tx, -1, false, "DROP TABLE t", NULL, 0);
    cr_assert_eq(r.status, SIM_PRECONDITION_FAILED);
    sim_result_free(&r);
    sim_tx_rollback(E, tx);
    fails("UPSERT INTO t (id) VALUES (1); CREATE TABLE y (k Int32, PRIMARY KEY (k))", SIM_GENERIC_ERROR,
          "Queries with mixed data and scheme operations are not supported");
    r = sim_execute(E, SIM_API_TABLE_DATA, NULL, SIM_TX_SERIALIZABLE_RW, true, "CREATE TABLE y (k Int32, PRIMARY KEY (k))", NULL, 0);
    cr_assert_neq(r.status, SIM_SUCCESS);
    cr_assert(issue_has(r.issues, r.nissues, "Operation 'CreateTable' can't be performed in data query"));
    sim_result_free(&r);
    r = sim_execute(E, SIM_API_TABLE_SCHEME, NULL, -1, false, "UPSERT INTO t (id) VALUES (1)", NULL, 0);
    cr_assert_neq(r.status, SIM_SUCCESS);
    cr_assert(issue_has(r.issues, r.nissues, "Operation 'Upsert' can't be performed in scheme query"));
    sim_result_free(&r);
    r = sim_execute(E, SIM_API_TABLE_SCHEME, NULL, -1, false, "CREATE TABLE y (k Int32, PRIMARY KEY (k)); DROP TABLE y;", NULL, 0);
    cr_assert_eq(r.status, SIM_SUCCESS);
    sim_result_free(&r);
}

/* ---- DML ---- */

Test(engine, select_literal_types)
{
    sim_result r = q("SELECT 1;");
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_eq(r.nsets, 1);
    cr_assert_str_eq(r.sets[0].columns[0].name, "column0");
    cr_assert_eq(r.sets[0].columns[0].type->prim, SIM_INT32);
    cr_assert_eq(r.sets[0].rows[0].items[0].i64, 1);
    sim_result_free(&r);
    r = q("SELECT 1u AS a, 1ul AS b, 1l AS c, 1s AS d, 1us AS e, 1t AS f, 1ut AS g, 1.5 AS h, 1.5f AS i, "
          "\"x\" AS j, 'x'u AS k, true AS l, NULL AS m, Date(\"2026-01-02\") AS n, "
          "Datetime(\"2026-01-02T03:04:05Z\") AS o, Timestamp(\"1970-01-01T00:00:01.5Z\") AS p, Interval(\"P1DT1S\") AS q, "
          "Uuid(\"00112233-4455-6677-8899-aabbccddeeff\") AS r, Json(@@{\"a\":1}@@) AS s, Decimal(\"1.5\", 22, 9) AS t, "
          "CAST(\"12\" AS Int64) AS u, 1 + 2 * 3 AS v, 'a' || 'b' AS w");
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    sim_result_set *s = &r.sets[0];
    sim_prim want[] = {SIM_UINT32, SIM_UINT64, SIM_INT64, SIM_INT16, SIM_UINT16, SIM_INT8, SIM_UINT8, SIM_DOUBLE,
                       SIM_FLOAT, SIM_STRING, SIM_UTF8, SIM_BOOL};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) cr_assert_eq(s->columns[i].type->prim, want[i], "column %zu", i);
    cr_assert_eq(s->columns[12].type->kind, SIM_T_NULL);
    cr_assert_eq(s->rows[0].items[13].u64, 20455);
    cr_assert_eq(s->rows[0].items[15].u64, 1500000);
    cr_assert_eq(s->rows[0].items[16].i64, 86401000000LL);
    cr_assert_eq(s->rows[0].items[17].lo, 0x6677445500112233ULL);
    cr_assert_eq(s->rows[0].items[17].hi, 0xffeeddccbbaa9988ULL);
    cr_assert_eq(s->columns[19].type->kind, SIM_T_DECIMAL);
    cr_assert_eq(s->rows[0].items[19].lo, 1500000000ULL);
    cr_assert_eq(s->columns[20].type->kind, SIM_T_OPTIONAL);
    cr_assert_eq(s->rows[0].items[20].i64, 12);
    cr_assert_eq(s->rows[0].items[21].i64, 7);
    cr_assert_eq(s->rows[0].items[22].len, 2);
    sim_result_free(&r);
}

Test(engine, version_function)
{
    sim_result r = q("SELECT Version();");
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    cr_assert_eq(r.sets[0].columns[0].type->prim, SIM_UTF8);
    cr_assert_str_eq(r.sets[0].rows[0].items[0].bytes, SIM_DEFAULT_VERSION);
    sim_result_free(&r);
    sim_engine_set_version(E, "25.1.4");
    r = q("SELECT Version();");
    cr_assert_str_eq(r.sets[0].rows[0].items[0].bytes, "25.1.4");
    sim_result_free(&r);
    sim_engine_set_version(E, NULL); /* a release before Version() */
    r = q("SELECT Version();");
    cr_assert_eq(r.status, SIM_GENERIC_ERROR);
    cr_assert(issue_has(r.issues, r.nissues, "Unknown builtin: Version"));
    sim_result_free(&r);
}

static sim_type T_U64 = {.kind = SIM_T_PRIMITIVE, .prim = SIM_UINT64};
static sim_type T_UTF8 = {.kind = SIM_T_PRIMITIVE, .prim = SIM_UTF8};
static sim_type T_OPT_UTF8 = {.kind = SIM_T_OPTIONAL, .item = &T_UTF8};

Test(engine, dml_params)
{
    ok(T_CREATE);
    sim_value id = {.kind = SIM_V_U64, .u64 = 5};
    sim_value nm = {.kind = SIM_V_BYTES, .bytes = "five", .len = 4};
    sim_param p[] = {{"$id", &T_U64, &id}, {"$name", &T_UTF8, &nm}};
    sim_result r = sim_execute(E, SIM_API_QUERY, NULL, -1, false,
                               "DECLARE $id AS Uint64; DECLARE $name AS Utf8;\n"
                               "UPSERT INTO t (id, name) VALUES ($id, $name), (6, $`name` || '!'u);", p, 2);
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    sim_result_free(&r);
    r = sim_execute(E, SIM_API_QUERY, NULL, -1, false,
                    "SELECT id, name, n FROM t WHERE id >= $id ORDER BY id DESC; SELECT COUNT(*) AS c FROM t;", p, 2);
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    cr_assert_eq(r.nsets, 2);
    sim_result_set *s = &r.sets[0];
    cr_assert_eq(s->nrows, 2);
    cr_assert_eq(s->rows[0].items[0].u64, 6);
    cr_assert_str_eq(s->rows[0].items[1].bytes, "five!");
    cr_assert_eq(s->rows[1].items[2].i64, 7); /* the DEFAULT */
    cr_assert_eq(s->columns[0].type->kind, SIM_T_PRIMITIVE);
    cr_assert_eq(s->columns[1].type->kind, SIM_T_OPTIONAL);
    cr_assert_eq(s->columns[1].type->item->prim, SIM_UTF8);
    cr_assert_eq(r.sets[1].rows[0].items[0].u64, 2);
    cr_assert_eq(r.sets[1].columns[0].type->prim, SIM_UINT64);
    sim_result_free(&r);
    /* a declared type that does not match */
    sim_param bad[] = {{"$id", &T_UTF8, &nm}};
    r = sim_execute(E, SIM_API_QUERY, NULL, -1, false, "DECLARE $id AS Uint64; SELECT $id;", bad, 1);
    cr_assert_eq(r.status, SIM_BAD_REQUEST);
    sim_result_free(&r);
    r = sim_execute(E, SIM_API_QUERY, NULL, -1, false, "DECLARE $id AS Uint64; SELECT $id;", NULL, 0);
    cr_assert_eq(r.status, SIM_BAD_REQUEST);
    cr_assert(issue_has(r.issues, r.nissues, "Missing value for parameter: $id"));
    sim_result_free(&r);
    /* optional into NOT NULL */
    sim_value nv = {.kind = SIM_V_NULL};
    sim_param po[] = {{"$v", &T_OPT_UTF8, &nv}};
    r = sim_execute(E, SIM_API_QUERY, NULL, -1, false, "UPSERT INTO t (id, n) VALUES (9, NULL)", po, 1);
    cr_assert_eq(r.status, SIM_BAD_REQUEST);
    cr_assert(issue_has(r.issues, r.nissues, "Can't set NULL or optional value to not null column: n"));
    sim_result_free(&r);
}

/* INSERT ... SELECT opens the target table, then the source: the transaction's table list
 * grows while the target's entry is in use. The copied rows must be committed, and the
 * DDL after it (where the server used to crash) must see them. */
Test(engine, insert_select_into_a_second_table)
{
    ok("CREATE TABLE users (id Uint64 NOT NULL, n Uint32, PRIMARY KEY (id));");
    ok("UPSERT INTO users (id, n) VALUES (1ul, 2u), (2ul, 3u);");
    ok("CREATE TABLE users_new (id Uint64 NOT NULL, n Uint64, PRIMARY KEY (id));");
    ok("INSERT INTO users_new (id, n) SELECT id, n FROM users;");
    ok("ALTER TABLE users_new ADD COLUMN m Utf8;");
    sim_result r = q("SELECT id, n FROM users_new ORDER BY id;");
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    cr_assert_eq(r.sets[0].nrows, 2);
    cr_assert_eq(r.sets[0].rows[0].items[0].u64, 1);
    cr_assert_eq(r.sets[0].rows[1].items[1].u64, 3);
    sim_result_free(&r);
}

/* Unwrap: a value without its Optional, which an optional column needs to fill a not null
 * one (a rebuild's copy); an empty one fails the query. */
Test(engine, unwrap_fills_a_not_null_column)
{
    ok("CREATE TABLE src (id Uint64 NOT NULL, name Utf8, PRIMARY KEY (id));");
    ok("UPSERT INTO src (id, name) VALUES (1ul, 'a'u), (2ul, NULL);");
    ok("CREATE TABLE dst (id Uint64 NOT NULL, name Utf8 NOT NULL, PRIMARY KEY (id));");
    fails("UPSERT INTO dst (id, name) SELECT id, name FROM src WHERE id = 1ul;", SIM_BAD_REQUEST,
          "Can't set NULL or optional value to not null column: name");
    ok("UPSERT INTO dst (id, name) SELECT id, Unwrap(name) AS name FROM src WHERE id = 1ul;");
    fails("UPSERT INTO dst (id, name) SELECT id, Unwrap(name, 'no name'u) AS name FROM src WHERE id = 2ul;",
          SIM_GENERIC_ERROR, "Failed to unwrap empty optional");
    sim_result r = q("SELECT name FROM dst;");
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_eq(r.sets[0].nrows, 1, "only the row with a name was copied");
    sim_result_free(&r);
}

Test(engine, dml_rules)
{
    ok(T_CREATE);
    ok("INSERT INTO t (id, name) VALUES (1, 'a'u)");
    fails("INSERT INTO t (id, name) VALUES (1, 'b'u)", SIM_PRECONDITION_FAILED, "Conflict with existing key");
    fails("UPDATE t SET id = 2", SIM_GENERIC_ERROR, "Cannot update primary key column: id");
    fails("UPSERT INTO t (id, nope) VALUES (1, 1)", SIM_GENERIC_ERROR, "nope");
    fails("SELECT nope FROM t", SIM_GENERIC_ERROR, "nope");
    fails("SELECT * FROM missing", SIM_SCHEME_ERROR, "Cannot find table 'db.[/local/missing]'");
    fails("UPSERT INTO t (name) VALUES ('x'u)", SIM_BAD_REQUEST, "Missing key column in input: id");
    fails("UPSERT INTO t (id, name) VALUES (2, 'x\xff')", SIM_GENERIC_ERROR, "Failed to convert");
    ok("UPSERT INTO t (id, name) VALUES (2, 'b'u), (3, NULL)");
    ok("UPDATE t SET n = n + 10 WHERE id IN (1, 2) AND name IS NOT NULL");
    ok("REPLACE INTO t (id) VALUES (3)");
    ok("DELETE FROM t WHERE id = 2 OR NOT (id < 100)");
    ok("UPDATE t ON SELECT 1ul AS id, 'z'u AS name");
    sim_result r = q("SELECT id, name, n FROM t ORDER BY id");
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    cr_assert_eq(r.sets[0].nrows, 2);
    cr_assert_str_eq(r.sets[0].rows[0].items[1].bytes, "z");
    cr_assert_eq(r.sets[0].rows[0].items[2].i64, 17);
    cr_assert_eq(r.sets[0].rows[1].items[2].i64, 7);
    sim_result_free(&r);
    ok("BATCH UPDATE t SET n = 0 WHERE id > 0");
    ok("BATCH DELETE FROM t WHERE id = 3");
    r = sim_execute(E, SIM_API_QUERY, NULL, SIM_TX_SERIALIZABLE_RW, true, "BATCH DELETE FROM t WHERE id = 1", NULL, 0);
    cr_assert_neq(r.status, SIM_SUCCESS);
    sim_result_free(&r);
    r = q("SELECT n FROM t LIMIT 5 OFFSET 0");
    cr_assert_eq(r.sets[0].nrows, 1);
    cr_assert_eq(r.sets[0].rows[0].items[0].i64, 0);
    sim_result_free(&r);
    /* unsupported constructs name themselves */
    fails("SELECT a.id FROM t AS a JOIN t AS b ON a.id = b.id", SIM_GENERIC_ERROR, "ydbsim does not support JOIN");
    fails("SELECT id FROM t GROUP BY id", SIM_GENERIC_ERROR, "ydbsim does not support GROUP BY");
    fails("$x = SELECT 1; SELECT * FROM $x", SIM_GENERIC_ERROR, "ydbsim does not support");
    fails("SELECT Unicode::ToUpper(name) FROM t", SIM_GENERIC_ERROR, "ydbsim does not support");
    fails("CREATE VIEW v WITH (security_invoker = TRUE) AS SELECT 1", SIM_GENERIC_ERROR, "ydbsim does not support CREATE VIEW");
}

Test(engine, unique_index)
{
    ok("CREATE TABLE u (id Uint64, e Utf8, INDEX ue GLOBAL UNIQUE SYNC ON (e), PRIMARY KEY (id))");
    ok("UPSERT INTO u (id, e) VALUES (1, 'a'u), (2, NULL), (3, NULL)");
    fails("UPSERT INTO u (id, e) VALUES (4, 'a'u)", SIM_PRECONDITION_FAILED, "Conflict with existing key");
    /* an UPDATE that keeps a row's indexed value clashes with nothing; one that takes
     * another row's value does, in a key range as over the whole table */
    ok("ALTER TABLE u ADD COLUMN n Int32");
    ok("UPDATE u SET n = 1 WHERE id = 1");
    ok("UPDATE u SET n = 2, e = 'a'u WHERE id >= 1 AND id <= 1");
    fails("UPDATE u SET e = 'a'u WHERE id > 1 AND id <= 2", SIM_PRECONDITION_FAILED, "Conflict with existing key");
    fails("UPDATE u SET e = 'a'u WHERE id = 3", SIM_PRECONDITION_FAILED, "Conflict with existing key");
    sim_result r = q("SELECT id FROM u WHERE n = 2 AND id >= 1 AND id < 3");
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_eq(r.sets[0].nrows, 1, "the ranged UPDATE reached row 1 only");
    sim_result_free(&r);
}

/* ---- transactions ---- */

Test(engine, write_conflict_aborts)
{
    ok(T_CREATE);
    ok("UPSERT INTO t (id, name) VALUES (1, 'a'u)");
    sim_tx *a = sim_tx_begin(E, SIM_TX_SERIALIZABLE_RW);
    sim_result r = sim_execute(E, SIM_API_QUERY, a, -1, false, "SELECT name FROM t WHERE id = 1", NULL, 0);
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_str_eq(r.tx_id, sim_tx_id(a));
    sim_result_free(&r);
    /* a write by another transaction commits first */
    ok("UPSERT INTO t (id, name) VALUES (1, 'b'u)");
    r = sim_execute(E, SIM_API_QUERY, a, -1, false, "UPSERT INTO t (id, name) VALUES (2, 'c'u)", NULL, 0);
    cr_assert_eq(r.status, SIM_SUCCESS);
    sim_result_free(&r);
    r = sim_tx_commit(E, a);
    cr_assert_eq(r.status, SIM_ABORTED);
    cr_assert(issue_has(r.issues, r.nissues, "Transaction locks invalidated. Table: `/local/t`"));
    cr_assert(issue_code(r.issues, r.nissues, 2001));
    sim_result_free(&r);
    r = q("SELECT COUNT(*) FROM t");
    cr_assert_eq(r.sets[0].rows[0].items[0].u64, 1); /* the aborted write is gone */
    sim_result_free(&r);
}

Test(engine, own_writes_and_isolation)
{
    ok(T_CREATE);
    sim_result r = sim_execute(E, SIM_API_QUERY, NULL, SIM_TX_SERIALIZABLE_RW, false,
                               "UPSERT INTO t (id) VALUES (1)", NULL, 0);
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_not_null(r.tx_id);
    sim_tx *tx = sim_tx_find(E, r.tx_id);
    cr_assert_not_null(tx);
    sim_result_free(&r);
    r = sim_execute(E, SIM_API_QUERY, tx, -1, false, "SELECT COUNT(*) FROM t", NULL, 0);
    cr_assert_eq(r.sets[0].rows[0].items[0].u64, 1); /* sees its own write */
    sim_result_free(&r);
    r = q("SELECT COUNT(*) FROM t");
    cr_assert_eq(r.sets[0].rows[0].items[0].u64, 0); /* others do not */
    sim_result_free(&r);
    r = sim_execute(E, SIM_API_QUERY, tx, -1, true, "SELECT 1", NULL, 0);
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_null(r.tx_id);
    sim_result_free(&r);
    r = q("SELECT COUNT(*) FROM t");
    cr_assert_eq(r.sets[0].rows[0].items[0].u64, 1);
    sim_result_free(&r);
}

Test(engine, read_only_modes)
{
    ok(T_CREATE);
    ok("UPSERT INTO t (id) VALUES (1)");
    sim_tx *snap = sim_tx_begin(E, SIM_TX_SNAPSHOT_RO);
    ok("UPSERT INTO t (id) VALUES (2)");
    sim_result r = sim_execute(E, SIM_API_QUERY, snap, -1, false, "SELECT COUNT(*) FROM t", NULL, 0);
    cr_assert_eq(r.sets[0].rows[0].items[0].u64, 1); /* the snapshot */
    sim_result_free(&r);
    r = sim_execute(E, SIM_API_QUERY, snap, -1, false, "UPSERT INTO t (id) VALUES (3)", NULL, 0);
    cr_assert_neq(r.status, SIM_SUCCESS);
    sim_result_free(&r);
    cr_assert_null(sim_tx_find(E, "nope"));
    r = sim_execute(E, SIM_API_TABLE_DATA, NULL, SIM_TX_ONLINE_RO, true, "SELECT COUNT(*) FROM t", NULL, 0);
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_eq(r.sets[0].rows[0].items[0].u64, 2);
    sim_result_free(&r);
    cr_assert_null(sim_tx_begin(E, (sim_tx_mode)42));
}

/* ---- scheme ---- */

Test(engine, directories)
{
    sim_result r = sim_make_directory(E, "/local/a/b");
    cr_assert_eq(r.status, SIM_SUCCESS);
    sim_result_free(&r);
    r = sim_make_directory(E, "a/b");
    cr_assert_eq(r.status, SIM_SUCCESS);
    sim_result_free(&r);
    r = sim_remove_directory(E, "/local/a");
    cr_assert_eq(r.status, SIM_SCHEME_ERROR); /* not empty */
    sim_result_free(&r);
    r = sim_remove_directory(E, "/local/a/b");
    cr_assert_eq(r.status, SIM_SUCCESS);
    sim_result_free(&r);
    r = sim_remove_directory(E, "/local/a/b");
    cr_assert_eq(r.status, SIM_SCHEME_ERROR);
    sim_result_free(&r);
    sim_entry self;
    r = sim_describe_path(E, "/local", &self);
    cr_assert_eq(self.type, SIM_ENTRY_DATABASE);
    free(self.name);
    sim_result_free(&r);
    r = sim_describe_path(E, "/local/zz", &self);
    cr_assert_eq(r.status, SIM_SCHEME_ERROR);
    sim_result_free(&r);
}

Test(engine, state_roundtrip)
{
    ok("CREATE TABLE `d/t` (id Uint64 NOT NULL, s Utf8 FAMILY f, x Double, dd Decimal(22,9), u Uuid, "
       "INDEX i GLOBAL ON (s) COVER (x), PRIMARY KEY (id), FAMILY f (DATA = \"rot\")) WITH (KEY_BLOOM_FILTER = ENABLED)");
    ok("UPSERT INTO `d/t` (id, s, x, dd, u) VALUES (1, 'a b'u, 1.5, Decimal(\"-2.5\", 22, 9), Uuid(\"00112233-4455-6677-8899-aabbccddeeff\")), (2, NULL, NULL, NULL, NULL)");
    char path[] = "/tmp/ydbsim-state-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    cr_assert_eq(sim_engine_save(E, path), 0);
    sim_engine *e2 = sim_engine_load(path, "/local");
    cr_assert_not_null(e2);
    sim_result r = sim_execute(e2, SIM_API_QUERY, NULL, -1, false, "SELECT * FROM `d/t` ORDER BY id", NULL, 0);
    cr_assert_eq(r.status, SIM_SUCCESS);
    cr_assert_eq(r.sets[0].nrows, 2);
    cr_assert_str_eq(r.sets[0].rows[0].items[1].bytes, "a b");
    cr_assert_eq(r.sets[0].rows[0].items[2].d, 1.5);
    sim_result_free(&r);
    sim_table_desc d;
    r = sim_describe_table(e2, "d/t", &d);
    cr_assert_eq(d.nindexes, 1);
    cr_assert_str_eq(d.setting_keys[0], "KEY_BLOOM_FILTER");
    sim_table_desc_free(&d);
    sim_result_free(&r);
    sim_engine_free(e2);
    /* garbage files are refused */
    FILE *f = fopen(path, "w");
    fputs("ydbsim-state 1\ntable h2f6c6f63616c2f78\ncol zz\n", f);
    fclose(f);
    cr_assert_null(sim_engine_load(path, "/local"));
    remove(path);
}

/* ---- robustness ---- */

Test(engine, garbage_never_crashes)
{
    ok(T_CREATE);
    unsigned s = 12345;
    char buf[300];
    for (int i = 0; i < 3000; i++) {
        size_t n = (size_t)(i % 290);
        for (size_t k = 0; k < n; k++) {
            s = s * 1103515245u + 12345u;
            buf[k] = (char)((s >> 16) & 0xff);
            if (!buf[k]) buf[k] = ' ';
        }
        buf[n] = 0;
        sim_result r = q(buf);
        sim_result_free(&r);
    }
    /* keyword soup */
    static const char *words[] = {"SELECT", "FROM", "t", "WHERE", "(", ")", ",", "=", "1", "'x'", "$p", "CREATE",
                                  "TABLE", "ALTER", "ADD", "INDEX", "GLOBAL", "ON", "UPSERT", "INTO", "VALUES", ";",
                                  "NOT", "NULL", "IN", "AND", "OR", "id", "name", "*", "+", "||", "CAST", "AS", "Int32",
                                  "PRIMARY", "KEY", "DROP", "UPDATE", "SET", "DELETE", "ORDER", "BY", "LIMIT", "WITH"};
    for (int i = 0; i < 3000; i++) {
        buf[0] = 0;
        size_t len = 0;
        int nw = 1 + i % 25;
        for (int k = 0; k < nw; k++) {
            s = s * 1103515245u + 12345u;
            const char *w = words[(s >> 16) % (sizeof words / sizeof words[0])];
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s ", w);
            if (len >= sizeof buf - 20) break;
        }
        sim_result r = q(buf);
        sim_result_free(&r);
    }
}

Test(engine, deep_nesting_is_bounded)
{
    size_t n = 100000;
    char *b = malloc(2 * n + 32);
    strcpy(b, "SELECT ");
    size_t len = 7;
    for (size_t i = 0; i < n; i++) b[len++] = '(';
    b[len++] = '1';
    for (size_t i = 0; i < n; i++) b[len++] = ')';
    b[len] = 0;
    sim_result r = q(b);
    cr_assert_eq(r.status, SIM_GENERIC_ERROR);
    sim_result_free(&r);
    len = 7;
    for (size_t i = 0; i < n; i++) { b[len++] = '-'; b[len++] = ' '; }
    b[len++] = '1';
    b[len] = 0;
    r = q(b);
    cr_assert_eq(r.status, SIM_GENERIC_ERROR);
    sim_result_free(&r);
    free(b);
    r = q(NULL);
    sim_result_free(&r);
}
