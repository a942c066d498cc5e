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

void mig_cursor_sql_read(mig_state *s, mig_buf *decl, mig_buf *out)
{
    mig_buf_puts(decl, "DECLARE $id AS Utf8;\n");
    mig_buf_puts(out, mig_state_sql(s, "SELECT cursor, end_key, rows_done, started_at FROM %C WHERE id = $id;\n"));
}

void mig_cursor_sql_write(mig_state *s, mig_buf *decl, mig_buf *out, bool with_id)
{
    if (with_id) mig_buf_puts(decl, "DECLARE $id AS Utf8;\n");
    mig_buf_puts(decl, "DECLARE $revision AS Utf8;\nDECLARE $cursor AS String;\n"
                       "DECLARE $end_key AS String;\nDECLARE $rows_done AS Uint64;\nDECLARE $started_at AS Timestamp;\n");
    mig_buf_puts(out, mig_state_sql(s, "UPSERT INTO %C (id, revision, cursor, end_key, rows_done, started_at)\n"
                                       "VALUES ($id, $revision, $cursor, $end_key, $rows_done, $started_at);\n"));
}

size_t mig_cursor_write_params(mig_state *s, const char *id, const char *revision, const mig_cursor *c, mig_param *p)
{
    const char *at = c->started_at ? c->started_at : mig_ts_format(s->a, time(NULL));
    const mig_param v[] = {{"$id", T_UTF8, id},
                           {"$revision", T_UTF8, revision},
                           {"$cursor", T_STR, c->cursor},
                           {"$end_key", T_STR, c->end},
                           {"$rows_done", T_U64, mig_printf(s->a, "%llu", (unsigned long long)c->rows)},
                           {"$started_at", T_TS, at}};
    memcpy(p, v, sizeof v);
    return MIG_CURSOR_WRITE_PARAMS;
}

void mig_cursor_from_rows(const ydb_result *r, size_t set, mig_cursor *c)
{
    memset(c, 0, sizeof *c);
    c->cursor = c->end = "";
    if (set >= r->nsets || !r->sets[set].nrows) return;
    const ydb_result_set *rs = &r->sets[set];
    c->present = true;
    for (size_t k = 0; k < rs->ncolumns; k++) {
        const char *v = rs->cells[k];
        if (strcmp(rs->names[k], "cursor") == 0) c->cursor = v ? v : "";
        else if (strcmp(rs->names[k], "end_key") == 0) c->end = v ? v : "";
        else if (strcmp(rs->names[k], "rows_done") == 0) c->rows = v ? strtoull(v, NULL, 10) : 0;
        else if (strcmp(rs->names[k], "started_at") == 0) c->started_at = v;
    }
}

/* decl then out, as one text in s->a; both freed */
static const char *joined(mig_state *s, mig_buf *decl, mig_buf *out)
{
    const char *r = mig_printf(s->a, "%s%s", mig_buf_str(decl), mig_buf_str(out));
    mig_buf_free(decl);
    mig_buf_free(out);
    return r;
}

int mig_cursor_tx_read(mig_state *s, ydb_tx *tx, const char *id, mig_cursor *c, ydb_error *ye)
{
    mig_buf decl = MIG_BUF_INIT, out = MIG_BUF_INIT;
    mig_cursor_sql_read(s, &decl, &out);
    mig_param p = {"$id", T_UTF8, id};
    ydb_result r;
    memset(&r, 0, sizeof r);
    if (s->db->api->tx_exec(tx, joined(s, &decl, &out), &p, 1, s->a, &r, ye)) return -1;
    mig_cursor_from_rows(&r, 0, c);
    return 0;
}

int mig_cursor_tx_write_commit(mig_state *s, ydb_tx *tx, const char *id, const char *revision, const mig_cursor *c,
                               ydb_error *ye)
{
    mig_buf decl = MIG_BUF_INIT, out = MIG_BUF_INIT;
    mig_cursor_sql_write(s, &decl, &out, true);
    mig_param p[MIG_CURSOR_WRITE_PARAMS];
    size_t n = mig_cursor_write_params(s, id, revision, c, p);
    return s->db->api->tx_exec_commit(tx, joined(s, &decl, &out), p, n, s->a, NULL, ye);
}

int mig_cursor_tx_delete_commit(mig_state *s, ydb_tx *tx, const char *id, ydb_error *ye)
{
    mig_param p = {"$id", T_UTF8, id};
    return s->db->api->tx_exec_commit(tx, mig_state_sql(s, "DECLARE $id AS Utf8;\nDELETE FROM %C WHERE id = $id;"), &p, 1, s->a,
                                      NULL, ye);
}
