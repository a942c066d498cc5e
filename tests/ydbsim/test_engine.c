/* test_engine.c - ydbsim engine: DDL rules and messages (CREATE, ALTER, DROP TABLE) and the
 * API's rules; the suite's fixture is engine_fx.c. */
#include "engine.h"
#include "engine_fx.h"
#include "test_util.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
