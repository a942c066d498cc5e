/* state_cursor.c - see state.h: the backfill cursors (decision 0027). Every statement is
 * fixed text with the table's quoted name; every value a DECLAREd parameter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"
#include "yql.h"

static const mig_p_type T_UTF8 = {MIG_PT_UTF8, 0, 0, 0, 0};
static const mig_p_type T_STR = {MIG_PT_STRING, 0, 0, 0, 0};
static const mig_p_type T_U64 = {MIG_PT_UINT64, 0, 0, 0, 0};
static const mig_p_type T_TS = {MIG_PT_TIMESTAMP, 0, 0, 0, 0};

const char *mig_cursor_table(const mig_state *s) { return mig_printf(s->a, "%s_backfill", s->vt); }

const char *mig_cursor_id(mig_arena *a, const char *revision, bool up, uint32_t step)
{
    return mig_printf(a, "%s %s %u", revision, up ? "upgrade" : "downgrade", (unsigned)step);
}

const char *mig_cursor_encode(mig_arena *a, const char *const *vals, size_t n)
{
    mig_buf b = MIG_BUF_INIT;
    for (size_t i = 0; i < n; i++) mig_buf_printf(&b, "%zu:%s", strlen(vals[i]), vals[i]);
    const char *r = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return r;
}

int mig_cursor_decode(mig_arena *a, const char *enc, const char **vals, size_t n)
{
    const char *p = enc;
    for (size_t i = 0; i < n; i++) {
        char *colon;
        unsigned long len = strtoul(p, &colon, 10);
        if (colon == p || *colon != ':' || strlen(colon + 1) < len) return -1;
        vals[i] = mig_strndup(a, colon + 1, len);
        p = colon + 1 + len;
    }
    return *p ? -1 : 0;
}

int mig_cursor_tx_read(mig_state *s, ydb_tx *tx, const char *id, mig_cursor *c, ydb_error *ye)
{
    memset(c, 0, sizeof *c);
    mig_param p = {"$id", T_UTF8, id};
    ydb_result r;
    memset(&r, 0, sizeof r);
    if (s->db->api->tx_exec(tx,
                            mig_state_sql(s, "DECLARE $id AS Utf8;\n"
                                 "SELECT cursor, end_key, rows_done, started_at FROM %C WHERE id = $id;"),
                            &p, 1, s->a, &r, ye))
        return -1;
    if (!r.nsets || !r.sets[0].nrows) return 0;
    const ydb_result_set *rs = &r.sets[0];
    c->present = true;
    for (size_t k = 0; k < rs->ncolumns; k++) {
        const char *v = rs->cells[k];
        if (strcmp(rs->names[k], "cursor") == 0) c->cursor = v ? v : "";
        else if (strcmp(rs->names[k], "end_key") == 0) c->end = v ? v : "";
        else if (strcmp(rs->names[k], "rows_done") == 0) c->rows = v ? strtoull(v, NULL, 10) : 0;
        else if (strcmp(rs->names[k], "started_at") == 0) c->started_at = v;
    }
    if (!c->cursor) c->cursor = "";
    if (!c->end) c->end = "";
    return 0;
}

int mig_cursor_tx_write_commit(mig_state *s, ydb_tx *tx, const char *id, const char *revision, const mig_cursor *c,
                               ydb_error *ye)
{
    char rows[24];
    snprintf(rows, sizeof rows, "%llu", (unsigned long long)c->rows);
    const char *at = c->started_at ? c->started_at : mig_ts_format(s->a, time(NULL));
    mig_param p[] = {{"$id", T_UTF8, id},         {"$revision", T_UTF8, revision}, {"$cursor", T_STR, c->cursor},
                     {"$end_key", T_STR, c->end}, {"$rows_done", T_U64, rows},     {"$started_at", T_TS, at}};
    return s->db->api->tx_exec_commit(
        tx,
        mig_state_sql(s, "DECLARE $id AS Utf8;\nDECLARE $revision AS Utf8;\nDECLARE $cursor AS String;\n"
             "DECLARE $end_key AS String;\nDECLARE $rows_done AS Uint64;\nDECLARE $started_at AS Timestamp;\n"
             "UPSERT INTO %C (id, revision, cursor, end_key, rows_done, started_at)\n"
             "VALUES ($id, $revision, $cursor, $end_key, $rows_done, $started_at);"),
        p, sizeof p / sizeof p[0], s->a, NULL, ye);
}

int mig_cursor_tx_delete_commit(mig_state *s, ydb_tx *tx, const char *id, ydb_error *ye)
{
    mig_param p = {"$id", T_UTF8, id};
    return s->db->api->tx_exec_commit(tx, mig_state_sql(s, "DECLARE $id AS Utf8;\nDELETE FROM %C WHERE id = $id;"), &p, 1, s->a,
                                      NULL, ye);
}
