/* scheme.c - the scheme operations: DescribeTable and RenameTables (on the table session;
 * describe.c maps DescribeTable's result), MakeDirectory and ListDirectory; paths relative to
 * the database. */
#include <string.h>

#include "../../common/arena.h"
#include "conn.h"
#include "ydb/ydb_scheme.pb-c.h"
#include "ydb/ydb_table.pb-c.h"

static char *full_path(ydb_conn *c, mig_arena *a, const char *path)
{
    if (path[0] == '/') return mig_strdup(a, path);
    size_t n = strlen(path);
    while (n > 0 && path[n - 1] == '/') n--;
    return mig_printf(a, "%s/%.*s", c->database, (int)n, path);
}

/* DescribeTable's "there is no such table": YDB answers SCHEME_ERROR both for a path that does
 * not exist and for one whose parent folder does not (ydb/core/grpc_services/
 * rpc_describe_table.cpp: StatusPathDoesNotExist and StatusSchemeError, and a scheme-cache
 * PathErrorUnknown/RootUnknown, all reply SCHEME_ERROR, with SchemeShard's reason as an issue
 * without a code or with no issue at all). So the status decides, never the wording. */
static bool not_found(const yerr *e)
{
    return e->gs == 0 && !e->local && (e->ys == ST_SCHEME_ERROR || e->ys == ST_NOT_FOUND);
}

/* A TableService call on the table session (one made first when there is none); a failure
 * concerns that session (ydb_with_retry replaces it when the status says so). */
static ProtobufCMessage *table_call(ydb_conn *c, const char *method, const ProtobufCMessage *req, char **session_id,
                                    const ProtobufCMessageDescriptor *rd, yerr *e)
{
    if (ydb_tsession(c, c->call_timeout_ms, e) != 0) return NULL;
    *session_id = c->ts_id;
    ProtobufCMessage *resp = ydb_call(c, method, req, rd, c->call_timeout_ms, true, e);
    e->session = SESS_TABLE;
    return resp;
}

typedef struct describe_ctx {
    const char *path;       /* full */
    mig_arena *a;
    mig_p_table *out;
    const char *rel;
    bool missing;
    bool stats;             /* only table_stats.rows_estimate, into *rows (out is NULL) */
    uint64_t *rows;
} describe_ctx;

static int describe_once(ydb_conn *c, void *ud, yerr *e)
{
    describe_ctx *d = ud;
    Ydb__Table__DescribeTableRequest req = YDB__TABLE__DESCRIBE_TABLE_REQUEST__INIT;
    req.path = (char *)d->path;
    req.include_table_stats = d->stats;
    Ydb__Table__DescribeTableResponse *resp = (Ydb__Table__DescribeTableResponse *)table_call(
        c, "/Ydb.Table.V1.TableService/DescribeTable", &req.base, &req.session_id,
        &ydb__table__describe_table_response__descriptor, e);
    if (!resp) return -1;
    ProtobufCMessage *res = NULL;
    int rc = ydb_op_result(resp->operation, &ydb__table__describe_table_result__descriptor, &res, e);
    protobuf_c_message_free_unpacked(&resp->base, NULL);
    if (rc) {
        if (not_found(e)) {
            d->missing = true;
            return 0;
        }
        return -1;
    }
    const Ydb__Table__DescribeTableResult *dr = (const Ydb__Table__DescribeTableResult *)res;
    if (d->stats) *d->rows = dr->table_stats ? dr->table_stats->rows_estimate : 0;
    else ydb_describe_fill(d->a, d->rel, dr, d->out);
    protobuf_c_message_free_unpacked(res, NULL);
    return 0;
}

int ydb_describe_table(ydb_conn *c, const char *path, mig_arena *a, mig_p_table *out, ydb_error *err)
{
    memset(out, 0, sizeof *out);
    describe_ctx d = {full_path(c, a, path), a, out, path, false, false, NULL};
    if (ydb_with_retry(c, "DescribeTable", true, describe_once, &d, err) != 0) return -1;
    return d.missing ? 1 : 0;
}

int ydb_table_rows_estimate(ydb_conn *c, const char *path, uint64_t *rows, ydb_error *err)
{
    *rows = 0;
    mig_arena *a = mig_arena_new();
    describe_ctx d = {full_path(c, a, path), a, NULL, path, false, true, rows};
    int rc = ydb_with_retry(c, "DescribeTable", true, describe_once, &d, err) != 0 ? -1 : d.missing ? 1 : 0;
    mig_arena_free(a);
    return rc;
}

typedef struct rename_ctx {
    Ydb__Table__RenameTableItem **items; /* full paths */
    size_t n;
} rename_ctx;

static int rename_once(ydb_conn *c, void *ud, yerr *e)
{
    rename_ctx *r = ud;
    Ydb__Table__RenameTablesRequest req = YDB__TABLE__RENAME_TABLES_REQUEST__INIT;
    req.tables = r->items;
    req.n_tables = r->n;
    Ydb__Table__RenameTablesResponse *resp = (Ydb__Table__RenameTablesResponse *)table_call(
        c, "/Ydb.Table.V1.TableService/RenameTables", &req.base, &req.session_id,
        &ydb__table__rename_tables_response__descriptor, e);
    if (!resp) return -1;
    int rc = ydb_op_result(resp->operation, NULL, NULL, e);
    protobuf_c_message_free_unpacked(&resp->base, NULL);
    return rc;
}

/* Not idempotent (a rename that took effect cannot run again): retried only on what proves
 * it did not run, as any DDL without IF [NOT] EXISTS; an undetermined outcome is said so. */
int ydb_rename_tables(ydb_conn *c, const ydb_rename_item *items, size_t n, ydb_error *err)
{
    if (n == 0) {
        yerr_local(c, NULL, err, "BAD_CALL", "rename_tables: no tables to rename");
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (!items[i].src || !*items[i].src || !items[i].dst || !*items[i].dst) {
            yerr_local(c, NULL, err, "BAD_CALL", "rename_tables: item %zu has no source or no destination", i + 1);
            return -1;
        }
    mig_arena *a = mig_arena_new();
    rename_ctx r = {mig_alloc(a, n * sizeof *r.items), n};
    for (size_t i = 0; i < n; i++) {
        Ydb__Table__RenameTableItem *it = mig_alloc(a, sizeof *it);
        ydb__table__rename_table_item__init(it);
        it->source_path = full_path(c, a, items[i].src);
        it->destination_path = full_path(c, a, items[i].dst);
        it->replace_destination = items[i].replace;
        r.items[i] = it;
    }
    int rc = ydb_with_retry(c, "RenameTables", false, rename_once, &r, err);
    mig_arena_free(a);
    return rc;
}

typedef struct dir_ctx {
    const char *path;
    mig_arena *a;
    const char ***names;
    size_t *n;
    int **kinds; /* list_directory_typed: each child's Ydb.Scheme.Entry.Type; NULL: not wanted */
} dir_ctx;

static int mkdir_once(ydb_conn *c, void *ud, yerr *e)
{
    dir_ctx *d = ud;
    Ydb__Scheme__MakeDirectoryRequest req = YDB__SCHEME__MAKE_DIRECTORY_REQUEST__INIT;
    req.path = (char *)d->path;
    Ydb__Scheme__MakeDirectoryResponse *resp = (Ydb__Scheme__MakeDirectoryResponse *)ydb_call(
        c, "/Ydb.Scheme.V1.SchemeService/MakeDirectory", &req.base, &ydb__scheme__make_directory_response__descriptor,
        c->call_timeout_ms, true, e);
    if (!resp) return -1;
    int rc = ydb_op_result(resp->operation, NULL, NULL, e);
    protobuf_c_message_free_unpacked(&resp->base, NULL);
    return rc;
}

int ydb_make_directory(ydb_conn *c, const char *path, ydb_error *err)
{
    mig_arena *a = mig_arena_new();
    dir_ctx d = {full_path(c, a, path), NULL, NULL, NULL, NULL};
    int rc = ydb_with_retry(c, "MakeDirectory", true, mkdir_once, &d, err);
    mig_arena_free(a);
    return rc;
}

static int list_once(ydb_conn *c, void *ud, yerr *e)
{
    dir_ctx *d = ud;
    Ydb__Scheme__ListDirectoryRequest req = YDB__SCHEME__LIST_DIRECTORY_REQUEST__INIT;
    req.path = (char *)d->path;
    Ydb__Scheme__ListDirectoryResponse *resp = (Ydb__Scheme__ListDirectoryResponse *)ydb_call(
        c, "/Ydb.Scheme.V1.SchemeService/ListDirectory", &req.base, &ydb__scheme__list_directory_response__descriptor,
        c->call_timeout_ms, true, e);
    if (!resp) return -1;
    ProtobufCMessage *res = NULL;
    int rc = ydb_op_result(resp->operation, &ydb__scheme__list_directory_result__descriptor, &res, e);
    protobuf_c_message_free_unpacked(&resp->base, NULL);
    if (rc) return -1;
    const Ydb__Scheme__ListDirectoryResult *lr = (const void *)res;
    const char **names = mig_alloc(d->a, (lr->n_children + 1) * sizeof *names);
    for (size_t i = 0; i < lr->n_children; i++) names[i] = mig_strdup(d->a, lr->children[i]->name ? lr->children[i]->name : "");
    if (d->kinds) {
        int *kinds = mig_alloc(d->a, (lr->n_children + 1) * sizeof *kinds);
        for (size_t i = 0; i < lr->n_children; i++) kinds[i] = (int)lr->children[i]->type;
        *d->kinds = kinds;
    }
    *d->names = names;
    *d->n = lr->n_children;
    protobuf_c_message_free_unpacked(res, NULL);
    return 0;
}

int ydb_list_directory(ydb_conn *c, const char *path, mig_arena *a, const char ***names, size_t *n, ydb_error *err)
{
    *names = NULL;
    *n = 0;
    dir_ctx d = {full_path(c, a, path), a, names, n, NULL};
    return ydb_with_retry(c, "ListDirectory", true, list_once, &d, err);
}

int ydb_list_directory_typed(ydb_conn *c, const char *path, mig_arena *a, const char ***names, int **kinds, size_t *n,
                             ydb_error *err)
{
    *names = NULL;
    *kinds = NULL;
    *n = 0;
    dir_ctx d = {full_path(c, a, path), a, names, n, kinds};
    return ydb_with_retry(c, "ListDirectory", true, list_once, &d, err);
}
