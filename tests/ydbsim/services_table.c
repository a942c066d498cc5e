/* services_table.c - ydbsim's Table service: sessions, data and scheme queries,
 * transactions, and CreateTable/AlterTable/DropTable/RenameTables/DescribeTable turned
 * into the engine's DDL. TEST TOOL. */
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "server.h"
#include "ydb/ydb_scheme.pb-c.h"
#include "ydb/ydb_table.pb-c.h"

/* ---------------------------------------------------------------- Table */

void sim_h_t_create_session(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    (void)req;
    sim_session *ss = sim_session_new(s, false);
    Ydb__Table__CreateSessionResult res = YDB__TABLE__CREATE_SESSION_RESULT__INIT;
    res.session_id = ss->id;
    sim_reply_op(c, SIM_SUCCESS, NULL, 0, &res.base, "Ydb.Table.CreateSessionResult");
}

void sim_h_t_delete_session(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Table__DeleteSessionRequest *rq = (const void *)req;
    sim_session *ss = sim_need_session(s, c, SIM_SHAPE_OP, rq->session_id);
    if (!ss) return;
    sim_session_delete(s, ss);
    sim_reply_op(c, SIM_SUCCESS, NULL, 0, NULL, NULL);
}

void sim_h_t_keep_alive(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Table__KeepAliveRequest *rq = (const void *)req;
    if (!sim_need_session(s, c, SIM_SHAPE_OP, rq->session_id)) return;
    Ydb__Table__KeepAliveResult res = YDB__TABLE__KEEP_ALIVE_RESULT__INIT;
    res.session_status = YDB__TABLE__KEEP_ALIVE_RESULT__SESSION_STATUS__SESSION_STATUS_READY;
    sim_reply_op(c, SIM_SUCCESS, NULL, 0, &res.base, "Ydb.Table.KeepAliveResult");
}

void sim_h_t_scheme_query(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Table__ExecuteSchemeQueryRequest *rq = (const void *)req;
    if (!sim_need_session(s, c, SIM_SHAPE_OP, rq->session_id)) return;
    sim_result r = sim_execute(sim_server_engine(s), SIM_API_TABLE_SCHEME, NULL, -1, false, rq->yql_text, NULL, 0);
    if (r.delay_ms) sim_delay_reply(c, r.delay_ms);
    sim_reply_result(c, &r, NULL, NULL);
    sim_result_free(&r);
}

void sim_h_t_data_query(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Table__ExecuteDataQueryRequest *rq = (const void *)req;
    mig_arena *a = sim_call_arena(c);
    sim_session *ss = sim_need_session(s, c, SIM_SHAPE_OP, rq->session_id);
    if (!ss) return;
    if (!rq->query || rq->query->query_case != YDB__TABLE__QUERY__QUERY_YQL_TEXT) {
        ERR(c, SIM_SHAPE_OP, SIM_BAD_REQUEST, "Only YQL text queries are supported (no prepared query ids)");
        return;
    }
    sim_tx *tx = NULL;
    int begin = -1;
    bool commit = false;
    const char *used = NULL;
    if (!rq->tx_control) {
        ERR(c, SIM_SHAPE_OP, SIM_BAD_REQUEST, "Empty tx_control");
        return;
    }
    commit = rq->tx_control->commit_tx;
    if (rq->tx_control->tx_selector_case == YDB__TABLE__TRANSACTION_CONTROL__TX_SELECTOR_TX_ID) {
        if (!(tx = sim_need_tx(s, c, SIM_SHAPE_OP, rq->tx_control->tx_id))) return;
        used = mig_strdup(a, rq->tx_control->tx_id);
    } else if (rq->tx_control->tx_selector_case == YDB__TABLE__TRANSACTION_CONTROL__TX_SELECTOR_BEGIN_TX) {
        begin = sim_tx_mode_of(rq->tx_control->begin_tx ? (int)rq->tx_control->begin_tx->tx_mode_case : 1);
    } else {
        ERR(c, SIM_SHAPE_OP, SIM_BAD_REQUEST, "Empty tx_control");
        return;
    }
    sim_param *ps = NULL;
    size_t np = 0;
    char *err = NULL;
    if (sim_params_from_pb(a, (void *const *)rq->parameters, rq->n_parameters, &ps, &np, &err)) {
        ERR(c, SIM_SHAPE_OP, SIM_BAD_REQUEST, err);
        return;
    }
    sim_result r = sim_execute(sim_server_engine(s), SIM_API_TABLE_DATA, tx, begin, commit,
                               rq->query->yql_text, ps, np);
    sim_after_execute(s, ss, used, commit, &r);
    Ydb__Table__ExecuteQueryResult res = YDB__TABLE__EXECUTE_QUERY_RESULT__INIT;
    res.n_result_sets = r.nsets;
    res.result_sets = mig_alloc(a, (r.nsets + 1) * sizeof *res.result_sets);
    for (size_t i = 0; i < r.nsets; i++) res.result_sets[i] = sim_result_set_to_pb(a, &r.sets[i]);
    Ydb__Table__TransactionMeta meta = YDB__TABLE__TRANSACTION_META__INIT;
    const char *txid = r.tx_id ? r.tx_id : (!commit && used) ? used : NULL;
    if (txid) {
        meta.id = mig_strdup(a, txid);
        res.tx_meta = &meta;
    }
    sim_reply_result(c, &r, &res.base, "Ydb.Table.ExecuteQueryResult");
    sim_result_free(&r);
}

void sim_h_t_begin(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Table__BeginTransactionRequest *rq = (const void *)req;
    sim_session *ss = sim_need_session(s, c, SIM_SHAPE_OP, rq->session_id);
    if (!ss) return;
    sim_tx *tx = sim_tx_begin(sim_server_engine(s),
                              (sim_tx_mode)sim_tx_mode_of(rq->tx_settings ? (int)rq->tx_settings->tx_mode_case : 1));
    if (!tx) {
        ERR(c, SIM_SHAPE_OP, SIM_BAD_REQUEST, "Invalid transaction mode");
        return;
    }
    sim_session_track_tx(ss, sim_tx_id(tx));
    Ydb__Table__TransactionMeta meta = YDB__TABLE__TRANSACTION_META__INIT;
    meta.id = mig_strdup(sim_call_arena(c), sim_tx_id(tx));
    Ydb__Table__BeginTransactionResult res = YDB__TABLE__BEGIN_TRANSACTION_RESULT__INIT;
    res.tx_meta = &meta;
    sim_reply_op(c, SIM_SUCCESS, NULL, 0, &res.base, "Ydb.Table.BeginTransactionResult");
}

void sim_h_t_commit(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Table__CommitTransactionRequest *rq = (const void *)req;
    sim_session *ss = sim_need_session(s, c, SIM_SHAPE_OP, rq->session_id);
    if (!ss) return;
    sim_tx *tx = sim_need_tx(s, c, SIM_SHAPE_OP, rq->tx_id);
    if (!tx) return;
    sim_session_untrack_tx(ss, rq->tx_id);
    sim_result r = sim_tx_commit(sim_server_engine(s), tx);
    Ydb__Table__CommitTransactionResult res = YDB__TABLE__COMMIT_TRANSACTION_RESULT__INIT;
    sim_reply_result(c, &r, &res.base, "Ydb.Table.CommitTransactionResult");
    sim_result_free(&r);
}

void sim_h_t_rollback(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Table__RollbackTransactionRequest *rq = (const void *)req;
    sim_session *ss = sim_need_session(s, c, SIM_SHAPE_OP, rq->session_id);
    if (!ss) return;
    sim_tx *tx = sim_need_tx(s, c, SIM_SHAPE_OP, rq->tx_id);
    if (!tx) return;
    sim_session_untrack_tx(ss, rq->tx_id);
    sim_tx_rollback(sim_server_engine(s), tx);
    sim_reply_op(c, SIM_SUCCESS, NULL, 0, NULL, NULL);
}

static const char *full_path(sim_server *s, mig_arena *a, const char *path)
{
    const char *db = sim_server_config(s)->database;
    if (path[0] == '/') return path;
    return mig_printf(a, "%s/%s", db, path);
}

static const char *const ttl_units[] = {"", "SECONDS", "MILLISECONDS", "MICROSECONDS", "NANOSECONDS"};

/* The YQL text of a Table API column: "`name` Type [NOT NULL] [FAMILY `f`]"; NULL if the
 * type has no YQL spelling. */
static char *column_yql(mig_arena *a, const Ydb__Table__ColumnMeta *cm)
{
    sim_type *t = sim_type_from_pb(a, cm->type);
    bool opt = t && t->kind == SIM_T_OPTIONAL;
    char *tn = t ? sim_type_to_yql(a, opt ? t->item : t) : NULL;
    if (!tn) return NULL;
    return mig_printf(a, "`%s` %s%s%s", cm->name, tn, (!opt || (cm->_not_null_case && cm->not_null)) ? " NOT NULL" : "",
                      cm->family && *cm->family ? mig_printf(a, " FAMILY `%s`", cm->family) : "");
}

static char *name_list(mig_arena *a, char *const *names, size_t n)
{
    char *out = mig_strdup(a, "");
    for (size_t j = 0; j < n; j++) out = mig_printf(a, "%s%s`%s`", out, j ? ", " : "", names[j]);
    return out;
}

/* "`name` GLOBAL [ASYNC|UNIQUE] ON (...) [COVER (...)]"; an index without a type is a
 * global sync index, as YDB treats it. */
static char *index_yql(mig_arena *a, const Ydb__Table__TableIndex *ix)
{
    const char *kind = ix->type_case == YDB__TABLE__TABLE_INDEX__TYPE_GLOBAL_ASYNC_INDEX ? "GLOBAL ASYNC"
                       : ix->type_case == YDB__TABLE__TABLE_INDEX__TYPE_GLOBAL_UNIQUE_INDEX ? "GLOBAL UNIQUE"
                                                                                        : "GLOBAL";
    char *q = mig_printf(a, "`%s` %s ON (%s)", ix->name, kind, name_list(a, ix->index_columns, ix->n_index_columns));
    if (ix->n_data_columns) q = mig_printf(a, "%s COVER (%s)", q, name_list(a, ix->data_columns, ix->n_data_columns));
    return q;
}

/* "TTL = Interval(...) ON `col` [AS UNIT]", or NULL for a mode ydbsim does not serve. */
static char *ttl_yql(mig_arena *a, const Ydb__Table__TtlSettings *ttl)
{
    if (ttl->mode_case == YDB__TABLE__TTL_SETTINGS__MODE_DATE_TYPE_COLUMN && ttl->date_type_column)
        return mig_printf(a, "TTL = Interval(\"PT%uS\") ON `%s`", ttl->date_type_column->expire_after_seconds,
                          ttl->date_type_column->column_name);
    if (ttl->mode_case == YDB__TABLE__TTL_SETTINGS__MODE_VALUE_SINCE_UNIX_EPOCH && ttl->value_since_unix_epoch) {
        unsigned u = (unsigned)ttl->value_since_unix_epoch->column_unit;
        return mig_printf(a, "TTL = Interval(\"PT%uS\") ON `%s` AS %s", ttl->value_since_unix_epoch->expire_after_seconds,
                          ttl->value_since_unix_epoch->column_name, u < 5 && u ? ttl_units[u] : "SECONDS");
    }
    return NULL;
}

static void run_scheme(sim_server *s, sim_call *c, const char *yql)
{
    sim_result r = sim_execute(sim_server_engine(s), SIM_API_TABLE_SCHEME, NULL, -1, false, yql, NULL, 0);
    if (r.delay_ms) sim_delay_reply(c, r.delay_ms);
    sim_reply_result(c, &r, NULL, NULL);
    sim_result_free(&r);
}

/* TableService.CreateTable: written as the YQL statement it means and run as DDL. */
void sim_h_t_create_table(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Table__CreateTableRequest *rq = (const void *)req;
    mig_arena *a = sim_call_arena(c);
    if (!sim_need_session(s, c, SIM_SHAPE_OP, rq->session_id)) return;
    char *q = mig_printf(a, "CREATE TABLE `%s` (", full_path(s, a, rq->path));
    for (size_t i = 0; i < rq->n_columns; i++) {
        char *col = column_yql(a, rq->columns[i]);
        if (!col) {
            ERR(c, SIM_SHAPE_OP, SIM_BAD_REQUEST, mig_printf(a, "Unsupported type for column %s", rq->columns[i]->name));
            return;
        }
        q = mig_printf(a, "%s%s%s", q, i ? ", " : "", col);
    }
    for (size_t i = 0; i < rq->n_indexes; i++) q = mig_printf(a, "%s, INDEX %s", q, index_yql(a, rq->indexes[i]));
    q = mig_printf(a, "%s, PRIMARY KEY (%s))", q, name_list(a, rq->primary_key, rq->n_primary_key));
    if (rq->ttl_settings) {
        char *ttl = ttl_yql(a, rq->ttl_settings);
        if (!ttl) {
            ERR(c, SIM_SHAPE_OP, SIM_UNSUPPORTED, "This TTL mode is not supported by ydbsim");
            return;
        }
        q = mig_printf(a, "%s WITH (%s)", q, ttl);
    }
    run_scheme(s, c, q);
}

/* TableService.DropTable: DROP TABLE (a missing table is SCHEME_ERROR, as YDB answers). */
void sim_h_t_drop_table(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Table__DropTableRequest *rq = (const void *)req;
    mig_arena *a = sim_call_arena(c);
    if (!sim_need_session(s, c, SIM_SHAPE_OP, rq->session_id)) return;
    run_scheme(s, c, mig_printf(a, "DROP TABLE `%s`", full_path(s, a, rq->path)));
}

/* TableService.RenameTables: the engine's sim_rename_tables (rename.c), paths as given. */
void sim_h_t_rename_tables(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Table__RenameTablesRequest *rq = (const void *)req;
    mig_arena *a = sim_call_arena(c);
    if (!sim_need_session(s, c, SIM_SHAPE_OP, rq->session_id)) return;
    sim_rename *items = mig_alloc(a, (rq->n_tables + 1) * sizeof *items);
    for (size_t i = 0; i < rq->n_tables; i++)
        items[i] = (sim_rename){rq->tables[i]->source_path, rq->tables[i]->destination_path,
                                rq->tables[i]->replace_destination != 0};
    sim_result r = sim_rename_tables(sim_server_engine(s), items, rq->n_tables);
    sim_reply_result(c, &r, NULL, NULL);
    sim_result_free(&r);
}

/* TableService.AlterTable: one ALTER TABLE statement. Like YDB's Table API, one request may
 * hold actions of one kind only (columns/TTL; one index add; one index drop): otherwise
 * UNSUPPORTED "Mixed alter is unsupported". */
void sim_h_t_alter_table(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Table__AlterTableRequest *rq = (const void *)req;
    mig_arena *a = sim_call_arena(c);
    if (!sim_need_session(s, c, SIM_SHAPE_OP, rq->session_id)) return;
    if (rq->base.n_unknown_fields) {
        ERR(c, SIM_SHAPE_OP, SIM_UNSUPPORTED,
            "ydbsim serves AlterTable columns, TTL and indexes only (storage, families, attributes, "
            "partitioning, replicas, changefeeds, renames and tiering are not supported)");
        return;
    }
    bool common = rq->n_add_columns || rq->n_drop_columns || rq->n_alter_columns ||
                  rq->ttl_action_case != YDB__TABLE__ALTER_TABLE_REQUEST__TTL_ACTION__NOT_SET;
    int kinds = (common ? 1 : 0) + (rq->n_add_indexes ? 1 : 0) + (rq->n_drop_indexes ? 1 : 0);
    if (kinds > 1) {
        ERR(c, SIM_SHAPE_OP, SIM_UNSUPPORTED, "Mixed alter is unsupported");
        return;
    }
    if (kinds == 0) {
        ERR(c, SIM_SHAPE_OP, SIM_BAD_REQUEST, "Empty alter");
        return;
    }
    if (rq->n_add_indexes > 1) {
        ERR(c, SIM_SHAPE_OP, SIM_UNSUPPORTED, "Only one index can be added by one operation");
        return;
    }
    if (rq->n_drop_indexes > 1) {
        ERR(c, SIM_SHAPE_OP, SIM_UNSUPPORTED, "Only one index can be removed by one operation");
        return;
    }
    char *acts = mig_strdup(a, "");
#define ACT(...) (acts = mig_printf(a, "%s%s%s", acts, *acts ? ", " : "", mig_printf(a, __VA_ARGS__)))
    for (size_t i = 0; i < rq->n_add_columns; i++) {
        char *col = column_yql(a, rq->add_columns[i]);
        if (!col) {
            ERR(c, SIM_SHAPE_OP, SIM_BAD_REQUEST, mig_printf(a, "Unsupported type for column %s", rq->add_columns[i]->name));
            return;
        }
        ACT("ADD COLUMN %s", col);
    }
    for (size_t i = 0; i < rq->n_drop_columns; i++) ACT("DROP COLUMN `%s`", rq->drop_columns[i]);
    for (size_t i = 0; i < rq->n_alter_columns; i++) {
        const Ydb__Table__ColumnMeta *cm = rq->alter_columns[i];
        if (!cm->family || !*cm->family) {
            ERR(c, SIM_SHAPE_OP, SIM_UNSUPPORTED, "ydbsim: AlterTable alter_columns supports a family change only");
            return;
        }
        ACT("ALTER COLUMN `%s` SET FAMILY `%s`", cm->name, cm->family);
    }
    if (rq->ttl_action_case == YDB__TABLE__ALTER_TABLE_REQUEST__TTL_ACTION_SET_TTL_SETTINGS) {
        char *ttl = ttl_yql(a, rq->set_ttl_settings);
        if (!ttl) {
            ERR(c, SIM_SHAPE_OP, SIM_UNSUPPORTED, "This TTL mode is not supported by ydbsim");
            return;
        }
        ACT("SET (%s)", ttl);
    } else if (rq->ttl_action_case == YDB__TABLE__ALTER_TABLE_REQUEST__TTL_ACTION_DROP_TTL_SETTINGS) {
        ACT("RESET (TTL)");
    }
    if (rq->n_add_indexes) ACT("ADD INDEX %s", index_yql(a, rq->add_indexes[0]));
    if (rq->n_drop_indexes) ACT("DROP INDEX `%s`", rq->drop_indexes[0]);
#undef ACT
    run_scheme(s, c, mig_printf(a, "ALTER TABLE `%s` %s", full_path(s, a, rq->path), acts));
}

static Ydb__FeatureFlag__Status flag_of(const char *v)
{
    return strcmp(v, "ENABLED") == 0 ? YDB__FEATURE_FLAG__STATUS__ENABLED : YDB__FEATURE_FLAG__STATUS__DISABLED;
}

void sim_h_t_describe_table(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Table__DescribeTableRequest *rq = (const void *)req;
    mig_arena *a = sim_call_arena(c);
    if (!sim_need_session(s, c, SIM_SHAPE_OP, rq->session_id)) return;
    sim_table_desc d;
    memset(&d, 0, sizeof d);
    sim_result r = sim_describe_table(sim_server_engine(s), rq->path, &d);
    if (r.status != SIM_SUCCESS) {
        sim_reply_result(c, &r, NULL, NULL);
        sim_result_free(&r);
        return;
    }
    Ydb__Table__DescribeTableResult res = YDB__TABLE__DESCRIBE_TABLE_RESULT__INIT;
    res.self = sim_entry_pb(a, sim_last_component(rq->path), YDB__SCHEME__ENTRY__TYPE__TABLE);
    res.n_columns = d.ncolumns;
    res.columns = mig_alloc(a, (d.ncolumns + 1) * sizeof *res.columns);
    for (size_t i = 0; i < d.ncolumns; i++) {
        const sim_column_desc *cd = &d.columns[i];
        Ydb__Table__ColumnMeta *cm = mig_alloc(a, sizeof *cm);
        ydb__table__column_meta__init(cm);
        cm->name = mig_strdup(a, cd->name);
        cm->type = sim_type_to_pb(a, cd->type);
        cm->family = cd->family ? mig_strdup(a, cd->family) : "";
        if (cd->type && cd->type->kind != SIM_T_OPTIONAL) {
            cm->_not_null_case = YDB__TABLE__COLUMN_META___NOT_NULL_NOT_NULL;
            cm->not_null = 1;
        }
        if (cd->has_default && cd->default_type) {
            Ydb__TypedValue *tv = mig_alloc(a, sizeof *tv);
            ydb__typed_value__init(tv);
            tv->type = sim_type_to_pb(a, cd->default_type);
            tv->value = sim_value_to_pb(a, &cd->default_value, cd->default_type);
            cm->default_value_case = YDB__TABLE__COLUMN_META__DEFAULT_VALUE_FROM_LITERAL;
            cm->from_literal = tv;
        }
        res.columns[i] = cm;
    }
    res.n_primary_key = d.npk;
    res.primary_key = mig_alloc(a, (d.npk + 1) * sizeof(char *));
    for (size_t i = 0; i < d.npk; i++) res.primary_key[i] = mig_strdup(a, d.primary_key[i]);
    res.n_indexes = d.nindexes;
    res.indexes = mig_alloc(a, (d.nindexes + 1) * sizeof *res.indexes);
    for (size_t i = 0; i < d.nindexes; i++) {
        const sim_index_desc *id = &d.indexes[i];
        Ydb__Table__TableIndexDescription *ix = mig_alloc(a, sizeof *ix);
        ydb__table__table_index_description__init(ix);
        ix->name = mig_strdup(a, id->name);
        ix->n_index_columns = id->ncols;
        ix->index_columns = mig_alloc(a, (id->ncols + 1) * sizeof(char *));
        for (size_t j = 0; j < id->ncols; j++) ix->index_columns[j] = mig_strdup(a, id->cols[j]);
        ix->n_data_columns = id->ncover;
        ix->data_columns = mig_alloc(a, (id->ncover + 1) * sizeof(char *));
        for (size_t j = 0; j < id->ncover; j++) ix->data_columns[j] = mig_strdup(a, id->cover[j]);
        ix->status = id->building ? YDB__TABLE__TABLE_INDEX_DESCRIPTION__STATUS__STATUS_BUILDING
                                  : YDB__TABLE__TABLE_INDEX_DESCRIPTION__STATUS__STATUS_READY;
        if (id->unique) {
            ix->type_case = YDB__TABLE__TABLE_INDEX_DESCRIPTION__TYPE_GLOBAL_UNIQUE_INDEX;
            ix->global_unique_index = mig_alloc(a, sizeof *ix->global_unique_index);
            ydb__table__global_unique_index__init(ix->global_unique_index);
        } else if (id->async) {
            ix->type_case = YDB__TABLE__TABLE_INDEX_DESCRIPTION__TYPE_GLOBAL_ASYNC_INDEX;
            ix->global_async_index = mig_alloc(a, sizeof *ix->global_async_index);
            ydb__table__global_async_index__init(ix->global_async_index);
        } else {
            ix->type_case = YDB__TABLE__TABLE_INDEX_DESCRIPTION__TYPE_GLOBAL_INDEX;
            ix->global_index = mig_alloc(a, sizeof *ix->global_index);
            ydb__table__global_index__init(ix->global_index);
        }
        res.indexes[i] = ix;
    }
    if (d.has_ttl) {
        Ydb__Table__TtlSettings *ttl = mig_alloc(a, sizeof *ttl);
        ydb__table__ttl_settings__init(ttl);
        if (d.ttl_unit == 0) {
            ttl->mode_case = YDB__TABLE__TTL_SETTINGS__MODE_DATE_TYPE_COLUMN;
            ttl->date_type_column = mig_alloc(a, sizeof *ttl->date_type_column);
            ydb__table__date_type_column_mode_settings__init(ttl->date_type_column);
            ttl->date_type_column->column_name = mig_strdup(a, d.ttl_column);
            ttl->date_type_column->expire_after_seconds = d.ttl_expire_after_seconds;
        } else {
            ttl->mode_case = YDB__TABLE__TTL_SETTINGS__MODE_VALUE_SINCE_UNIX_EPOCH;
            ttl->value_since_unix_epoch = mig_alloc(a, sizeof *ttl->value_since_unix_epoch);
            ydb__table__value_since_unix_epoch_mode_settings__init(ttl->value_since_unix_epoch);
            ttl->value_since_unix_epoch->column_name = mig_strdup(a, d.ttl_column);
            ttl->value_since_unix_epoch->column_unit = (Ydb__Table__ValueSinceUnixEpochModeSettings__Unit)d.ttl_unit;
            ttl->value_since_unix_epoch->expire_after_seconds = d.ttl_expire_after_seconds;
        }
        res.ttl_settings = ttl;
    }
    /* Table settings YDB reports in PartitioningSettings, key_bloom_filter, read replicas. */
    Ydb__Table__PartitioningSettings *ps = mig_alloc(a, sizeof *ps);
    ydb__table__partitioning_settings__init(ps);
    ps->partitioning_by_size = YDB__FEATURE_FLAG__STATUS__ENABLED;
    ps->partition_size_mb = 2048;
    ps->partitioning_by_load = YDB__FEATURE_FLAG__STATUS__DISABLED;
    ps->min_partitions_count = 1;
    res.partitioning_settings = ps;
    res.key_bloom_filter = YDB__FEATURE_FLAG__STATUS__DISABLED;
    for (size_t i = 0; i < d.nsettings; i++) {
        const char *k = d.setting_keys[i], *v = d.setting_values[i];
        if (strcmp(k, "AUTO_PARTITIONING_BY_SIZE") == 0) ps->partitioning_by_size = flag_of(v);
        else if (strcmp(k, "AUTO_PARTITIONING_BY_LOAD") == 0) ps->partitioning_by_load = flag_of(v);
        else if (strcmp(k, "AUTO_PARTITIONING_PARTITION_SIZE_MB") == 0) ps->partition_size_mb = strtoull(v, NULL, 10);
        else if (strcmp(k, "AUTO_PARTITIONING_MIN_PARTITIONS_COUNT") == 0) ps->min_partitions_count = strtoull(v, NULL, 10);
        else if (strcmp(k, "AUTO_PARTITIONING_MAX_PARTITIONS_COUNT") == 0) ps->max_partitions_count = strtoull(v, NULL, 10);
        else if (strcmp(k, "KEY_BLOOM_FILTER") == 0) res.key_bloom_filter = flag_of(v);
        else if (strcmp(k, "READ_REPLICAS_SETTINGS") == 0) {
            Ydb__Table__ReadReplicasSettings *rr = mig_alloc(a, sizeof *rr);
            ydb__table__read_replicas_settings__init(rr);
            const char *colon = strchr(v, ':');
            unsigned long long n = colon ? strtoull(colon + 1, NULL, 10) : 0;
            if (strncmp(v, "PER_AZ", 6) == 0) {
                rr->settings_case = YDB__TABLE__READ_REPLICAS_SETTINGS__SETTINGS_PER_AZ_READ_REPLICAS_COUNT;
                rr->per_az_read_replicas_count = n;
            } else {
                rr->settings_case = YDB__TABLE__READ_REPLICAS_SETTINGS__SETTINGS_ANY_AZ_READ_REPLICAS_COUNT;
                rr->any_az_read_replicas_count = n;
            }
            res.read_replicas_settings = rr;
        }
    }
    res.n_changefeeds = d.nchangefeeds;
    res.changefeeds = mig_alloc(a, (d.nchangefeeds + 1) * sizeof *res.changefeeds);
    for (size_t i = 0; i < d.nchangefeeds; i++) {
        Ydb__Table__ChangefeedDescription *cf = mig_alloc(a, sizeof *cf);
        ydb__table__changefeed_description__init(cf);
        cf->name = mig_strdup(a, d.changefeeds[i]);
        cf->state = YDB__TABLE__CHANGEFEED_DESCRIPTION__STATE__STATE_ENABLED;
        res.changefeeds[i] = cf;
    }
    /* the column families the table declares (DATA as a storage pool, COMPRESSION as the enum) */
    res.n_column_families = d.nfamilies;
    res.column_families = mig_alloc(a, (d.nfamilies + 1) * sizeof *res.column_families);
    for (size_t i = 0; i < d.nfamilies; i++) {
        Ydb__Table__ColumnFamily *f = mig_alloc(a, sizeof *f);
        ydb__table__column_family__init(f);
        f->name = mig_strdup(a, d.family_names[i]);
        if (d.family_data[i]) {
            f->data = mig_alloc(a, sizeof *f->data);
            ydb__table__storage_pool__init(f->data);
            f->data->media = mig_strdup(a, d.family_data[i]);
        }
        if (d.family_compression[i])
            f->compression = strcmp(d.family_compression[i], "lz4") == 0 ? YDB__TABLE__COLUMN_FAMILY__COMPRESSION__COMPRESSION_LZ4
                                                                         : YDB__TABLE__COLUMN_FAMILY__COMPRESSION__COMPRESSION_NONE;
        res.column_families[i] = f;
    }
    if (rq->include_table_stats) { /* exact here; YDB's is SchemeShard's approximation */
        res.table_stats = mig_alloc(a, sizeof *res.table_stats);
        ydb__table__table_stats__init(res.table_stats);
        res.table_stats->rows_estimate = d.rows;
    }
    sim_reply_op(c, SIM_SUCCESS, r.issues, r.nissues, &res.base, "Ydb.Table.DescribeTableResult");
    sim_table_desc_free(&d);
    sim_result_free(&r);
}
