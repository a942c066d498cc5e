/* rename.c - ydbsim: TableService.RenameTables, several moves in one scheme transaction.
 *
 * What YDB does (ydb/core/grpc_services/rpc_rename_tables.cpp, the SchemeShard's move-table
 * operation and its tests, ut_move.cpp "Reject"/"Replace"): the items become one scheme
 * transaction, in order; an item with replace_destination is a DropTable of the destination
 * followed by the move. The statuses (through ydb_convert/tx_proxy_status.cpp):
 *   - no items: BAD_REQUEST "Emply move list" (YDB's spelling);
 *   - a source that does not exist, a destination that exists (table, or folder) without
 *     replace, a destination equal to its source, a replaced destination that does not exist,
 *     a destination folder that does not exist: SCHEME_ERROR;
 *   - the same source or the same destination twice, replace onto the source itself:
 *     BAD_REQUEST (SchemeShard's StatusInvalidParameter); the destination of an earlier item
 *     as a later item's source: BAD_REQUEST too (a guess: SchemeShard finds the path under
 *     the same operation);
 *   - a source with changefeeds: PRECONDITION_FAILED "Cannot move table with cdc streams".
 * A destination freed by an earlier item of the same request (T -> K, then S -> T) is free.
 * All or nothing: every item is checked against the names as the earlier items leave them
 * before anything changes. The moved table keeps its columns, key, indexes, settings and
 * rows; a replaced destination goes with its rows. Open transactions that touched a moved
 * or dropped table fail at commit (its schema changed), as after an ALTER. */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

/* One table as the request sees it: where it is after the items checked so far. */
typedef struct rn_slot {
    stable *t;
    char *path;      /* malloc'd */
    bool dropped;    /* replaced by a later item's move */
    bool moved;
} rn_slot;

typedef struct rn_plan {
    rn_slot *s;
    size_t n;
} rn_plan;

static rn_slot *plan_find(rn_plan *p, const char *abs)
{
    for (size_t i = 0; i < p->n; i++)
        if (!p->s[i].dropped && !strcmp(p->s[i].path, abs)) return &p->s[i];
    return NULL;
}

static void plan_free(rn_plan *p)
{
    for (size_t i = 0; i < p->n; i++) free(p->s[i].path);
    free(p->s);
}

/* The folder that holds abs must exist (a table is not a folder; RenameTables does not make
 * folders, unlike ALTER TABLE ... RENAME TO). */
static bool parent_ok(sim_engine *e, rn_plan *p, const char *abs, sim_result *r)
{
    const char *slash = strrchr(abs, '/');
    char *dir = xstrndup(abs, (size_t)(slash - abs));
    bool ok = eng_dir_exists(e, dir) && !plan_find(p, dir);
    if (!ok) res_fail(r, SIM_SCHEME_ERROR, 2003, "Check failed: path: '%s', error: path hasn't been resolved, nearest resolved path: '%s'", dir, e->db);
    free(dir);
    return ok;
}

static bool check_item(sim_engine *e, rn_plan *p, const char *src, const char *dst, bool replace, sim_result *r)
{
    rn_slot *s = plan_find(p, src);
    if (!s) {
        res_fail(r, SIM_SCHEME_ERROR, 2003, "Check failed: path: '%s', error: path hasn't been resolved, nearest resolved path: '%s'", src, e->db);
        return false;
    }
    if (s->moved) { /* YDB: the source is under this operation already (status: guess) */
        res_fail(r, SIM_BAD_REQUEST, 0, "Check failed: path: '%s', error: path is under operation", src);
        return false;
    }
    if (s->t->nfeeds) {
        res_fail(r, SIM_PRECONDITION_FAILED, 0, "Cannot move table with cdc streams");
        return false;
    }
    if (replace && !strcmp(src, dst)) {
        res_fail(r, SIM_BAD_REQUEST, 0, "Invalid multipart operation: path '%s' is both dropped and moved", src); /* text: guess */
        return false;
    }
    if (!parent_ok(e, p, dst, r)) return false;
    rn_slot *d = plan_find(p, dst);
    if (replace) {
        if (!d && eng_dir_exists(e, dst)) {
            res_fail(r, SIM_SCHEME_ERROR, 2003, "Check failed: path: '%s', error: path is not a table (type: EPathTypeDir)", dst); /* text: guess */
            return false;
        }
        if (!d) {
            res_fail(r, SIM_SCHEME_ERROR, 2003, "Check failed: path: '%s', error: path hasn't been resolved, nearest resolved path: '%s'", dst, e->db);
            return false;
        }
        d->dropped = true;
    } else if (d || eng_dir_exists(e, dst)) {
        res_fail(r, SIM_SCHEME_ERROR, 2003,
                 "Check failed: path: '%s', error: path exist, request doesn't accept it (id: [OwnerId: 1, LocalPathId: 1], type: %s, state: EPathStateNoChanges)",
                 dst, d ? "EPathTypeTable" : "EPathTypeDir");
        return false;
    }
    free(s->path);
    s->path = xstrdup(dst);
    s->moved = true;
    return true;
}

sim_result sim_rename_tables(sim_engine *e, const sim_rename *items, size_t n)
{
    sim_result r;
    memset(&r, 0, sizeof r);
    r.status = SIM_SUCCESS;
    eng_builds_settle(e);
    if (n == 0) {
        res_fail(&r, SIM_BAD_REQUEST, 0, "Emply move list");
        return r;
    }
    char **src = xcalloc(n, sizeof *src), **dst = xcalloc(n, sizeof *dst);
    rn_plan p = {xcalloc(e->ntabs ? e->ntabs : 1, sizeof *p.s), e->ntabs};
    for (size_t i = 0; i < e->ntabs; i++) p.s[i] = (rn_slot){e->tabs[i], xstrdup(e->tabs[i]->path), false, false};
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        src[i] = eng_abs_path(e, NULL, items[i].src ? items[i].src : "", &r);
        dst[i] = src[i] ? eng_abs_path(e, NULL, items[i].dst ? items[i].dst : "", &r) : NULL;
        ok = src[i] && dst[i];
    }
    /* one path in two roles of the request: SchemeShard refuses the whole operation */
    for (size_t i = 0; i < n && ok; i++)
        for (size_t j = 0; j < i && ok; j++) {
            if (!strcmp(src[i], src[j]) || !strcmp(dst[i], dst[j])) {
                res_fail(&r, SIM_BAD_REQUEST, 0, "Invalid multipart operation: path '%s' is used twice",
                     !strcmp(dst[i], dst[j]) ? dst[i] : src[i]); /* text: guess */
                ok = false;
            }
        }
    for (size_t i = 0; i < n && ok; i++) ok = check_item(e, &p, src[i], dst[i], items[i].replace, &r);
    if (ok) {
        size_t k = 0;
        for (size_t i = 0; i < p.n; i++) {
            stable *t = p.s[i].t;
            if (p.s[i].dropped) {
                table_free(t);
                continue;
            }
            if (p.s[i].moved) {
                free(t->path);
                t->path = p.s[i].path;
                p.s[i].path = NULL;
                t->schema_version++;
                t->version++;
            }
            e->tabs[k++] = t;
        }
        e->ntabs = k;
    }
    plan_free(&p);
    for (size_t i = 0; i < n; i++) {
        free(src[i]);
        free(dst[i]);
    }
    free(src);
    free(dst);
    return r;
}
