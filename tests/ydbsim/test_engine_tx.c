/* test_engine_tx.c - ydbsim engine: transactions, directories, saved state, and robustness
 * against garbage. */
#include "engine.h"
#include "engine_fx.h"
#include "test_util.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
