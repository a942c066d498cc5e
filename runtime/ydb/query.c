/* query.c - ExecuteQuery: a statement with its parameters (value.c's encoding) sent on the
 * query session, alone or in a transaction, and its streamed result sets gathered as
 * canonical text (value.c's decoding). */
#include <stdlib.h>
#include <string.h>

#include "../../common/arena.h"
#include "conn.h"
#include "ydb/ydb_query.pb-c.h"

typedef struct rs_build {
    size_t ncols;
    const char **names;
    mig_p_type *types;
    Ydb__Type **ptypes; /* copies of the column types, for the rows that follow */
    const char **cells;
    size_t ncells, cap, nrows;
    bool have_cols;
} rs_build;

typedef struct exec_ctx {
    const char *yql;
    const mig_param *params;
    size_t nparams;
    mig_arena *a;      /* the caller's, for results */
    ydb_result *res;
    ydb_tx *tx;        /* NULL: no transaction */
    bool commit;       /* commit the transaction with this statement */
    /* per attempt */
    mig_arena *tmp;
    rs_build *sets;
    size_t nsets, capsets;
    int fail_status;
    Ydb__Issue__IssueMessage **fail_issues;
    size_t fail_nissues;
    mig_buf fail_msg;
    bool fail_final;   /* ABORTED that a rerun cannot cure (yerr_set_status) */
    char *tx_id;       /* from tx_meta */
    int index_err;
} exec_ctx;

static int on_part(void *ud, const ProtobufCMessage *m)
{
    exec_ctx *x = ud;
    const Ydb__Query__ExecuteQueryResponsePart *p = (const void *)m;
    if (p->status != YDB__STATUS_IDS__STATUS_CODE__SUCCESS &&
        p->status != YDB__STATUS_IDS__STATUS_CODE__STATUS_CODE_UNSPECIFIED) {
        x->fail_status = (int)p->status;
        mig_buf_reset(&x->fail_msg);
        ydb_issues_flatten(&x->fail_msg, p->issues, p->n_issues);
        x->fail_final = x->fail_status == ST_ABORTED && ydb_issues_have_code(p->issues, p->n_issues, ISSUE_PROGRAM_TOO_LARGE);
        return 0; /* the stream ends by itself */
    }
    if (p->tx_meta && p->tx_meta->id && *p->tx_meta->id) {
        free(x->tx_id);
        x->tx_id = mig_xstrdup(p->tx_meta->id);
    }
    if (!p->result_set || !x->res) return 0;
    /* parts come in result-set order: going back to a finished set is an error (§10.5) */
    if (p->result_set_index < 0 || (size_t)p->result_set_index + 1 < x->nsets) {
        x->index_err = 1;
        return 1;
    }
    size_t idx = (size_t)p->result_set_index;
    while (x->nsets <= idx) {
        rs_build z;
        memset(&z, 0, sizeof z);
        MIG_PUSH(x->a, x->sets, x->nsets, x->capsets, z);
    }
    rs_build *b = &x->sets[idx];
    const Ydb__ResultSet *rs = p->result_set;
    if (!b->have_cols && rs->n_columns) {
        b->have_cols = true;
        b->ncols = rs->n_columns;
        b->names = mig_alloc(x->a, (b->ncols + 1) * sizeof *b->names);
        b->types = mig_alloc(x->a, (b->ncols + 1) * sizeof *b->types);
        b->ptypes = mig_alloc(x->tmp, (b->ncols + 1) * sizeof *b->ptypes);
        for (size_t i = 0; i < b->ncols; i++) {
            const Ydb__Column *col = rs->columns[i];
            bool opt;
            b->names[i] = mig_strdup(x->a, col->name ? col->name : "");
            ydbv_ptype(col->type, &b->types[i], &opt);
            /* keep the type: later parts may omit the columns */
            size_t n = protobuf_c_message_get_packed_size(&col->type->base);
            uint8_t *buf = mig_alloc(x->tmp, n + 1);
            protobuf_c_message_pack(&col->type->base, buf);
            b->ptypes[i] = ydb__type__unpack(NULL, n, buf);
        }
    }
    for (size_t r = 0; r < rs->n_rows; r++) {
        const Ydb__Value *row = rs->rows[r];
        for (size_t i = 0; i < b->ncols; i++) {
            const char *t = i < row->n_items ? ydbv_text(x->a, b->ptypes[i], row->items[i]) : NULL;
            MIG_PUSH(x->a, b->cells, b->ncells, b->cap, t);
        }
        b->nrows++;
    }
    return 0;
}

static void exec_reset(exec_ctx *x)
{
    for (size_t i = 0; i < x->nsets; i++)
        for (size_t j = 0; x->sets[i].ptypes && j < x->sets[i].ncols; j++)
            if (x->sets[i].ptypes[j]) ydb__type__free_unpacked(x->sets[i].ptypes[j], NULL);
    x->sets = NULL;
    x->nsets = x->capsets = 0;
    if (x->tmp) mig_arena_free(x->tmp);
    x->tmp = NULL;
    free(x->tx_id);
    x->tx_id = NULL;
    mig_buf_free(&x->fail_msg);
    x->fail_status = 0;
    x->fail_final = false;
    x->index_err = 0;
}

static const char *exec_what(const exec_ctx *x) { return x->tx ? "a statement of the transaction" : "a query"; }

static int exec_once(ydb_conn *c, void *ud, yerr *e)
{
    exec_ctx *x = ud;
    exec_reset(x);
    x->tmp = mig_arena_new();
    if (x->tx && x->tx->id && (!c->qs_id || c->qs_recycle || !rpc_attach_alive(&c->qs_attach))) {
        /* the transaction lived in a session that is gone */
        e->ys = ST_BAD_SESSION;
        e->session = SESS_QUERY;
        yerr_msg(e, "the session of the transaction has ended");
        return -1;
    }
    if (ydb_qsession(c, c->call_timeout_ms, e) != 0) return -1;

    Ydb__Query__ExecuteQueryRequest req = YDB__QUERY__EXECUTE_QUERY_REQUEST__INIT;
    req.session_id = c->qs_id;
    req.exec_mode = YDB__QUERY__EXEC_MODE__EXEC_MODE_EXECUTE;
    req.stats_mode = YDB__QUERY__STATS_MODE__STATS_MODE_NONE;
    req.schema_inclusion_mode = YDB__QUERY__SCHEMA_INCLUSION_MODE__SCHEMA_INCLUSION_MODE_ALWAYS;
    req.result_set_format = YDB__RESULT_SET__FORMAT__FORMAT_VALUE;
    Ydb__Query__QueryContent qc = YDB__QUERY__QUERY_CONTENT__INIT;
    qc.syntax = YDB__QUERY__SYNTAX__SYNTAX_YQL_V1;
    qc.text = (char *)x->yql;
    req.query_case = YDB__QUERY__EXECUTE_QUERY_REQUEST__QUERY_QUERY_CONTENT;
    req.query_content = &qc;
    Ydb__Query__TransactionControl tc = YDB__QUERY__TRANSACTION_CONTROL__INIT;
    Ydb__Query__TransactionSettings ts = YDB__QUERY__TRANSACTION_SETTINGS__INIT;
    Ydb__Query__SerializableModeSettings ser = YDB__QUERY__SERIALIZABLE_MODE_SETTINGS__INIT;
    if (x->tx) {
        if (x->tx->id) {
            tc.tx_selector_case = YDB__QUERY__TRANSACTION_CONTROL__TX_SELECTOR_TX_ID;
            tc.tx_id = x->tx->id;
        } else {
            /* lazy begin: the first statement starts the transaction (tx_meta says its id) */
            ts.tx_mode_case = YDB__QUERY__TRANSACTION_SETTINGS__TX_MODE_SERIALIZABLE_READ_WRITE;
            ts.serializable_read_write = &ser;
            tc.tx_selector_case = YDB__QUERY__TRANSACTION_CONTROL__TX_SELECTOR_BEGIN_TX;
            tc.begin_tx = &ts;
        }
        tc.commit_tx = x->commit;
        req.tx_control = &tc;
    }
    if (x->nparams) {
        req.n_parameters = x->nparams;
        req.parameters = mig_alloc(x->tmp, x->nparams * sizeof *req.parameters);
        for (size_t i = 0; i < x->nparams; i++) {
            const mig_param *p = &x->params[i];
            const char *why = NULL;
            Ydb__TypedValue *tv = p->name && *p->name ? ydbv_param(x->tmp, p, &why) : NULL;
            if (!tv) {
                e->local = "BAD_PARAMETER";
                if (!p->name || !*p->name) yerr_msg(e, "parameter %zu has no name", i + 1);
                else yerr_msg(e, "parameter %s%s: the value does not fit its type: %s",
                              p->name[0] == '$' ? "" : "$", p->name, why);
                return -1;
            }
            Ydb__Query__ExecuteQueryRequest__ParametersEntry *pe = mig_alloc(x->tmp, sizeof *pe);
            ydb__query__execute_query_request__parameters_entry__init(pe);
            pe->key = p->name[0] == '$' ? (char *)p->name : mig_printf(x->tmp, "$%s", p->name);
            pe->value = tv;
            req.parameters[i] = pe;
        }
    }
    ydb_say(c, LOG_DEBUG, "call /Ydb.Query.V1.QueryService/ExecuteQuery");
    rpc_headers h = ydb_headers(c, true);
    rpc_status st;
    rpc_stream(c->ch, "/Ydb.Query.V1.QueryService/ExecuteQuery", &h, &req.base,
               &ydb__query__execute_query_response_part__descriptor, c->call_timeout_ms, on_part, x, &st);
    if (st.session_close) c->qs_recycle = true;
    if (x->tx_id && x->tx && !x->tx->id) x->tx->id = mig_xstrdup(x->tx_id);
    e->session = SESS_QUERY;
    if (x->index_err) {
        e->gs = GRPC_STATUS_INTERNAL;
        yerr_msg(e, "the server sent the parts of the result sets out of order");
        rpc_status_clear(&st);
        return -1;
    }
    if (x->fail_status) {
        e->gs = 0;
        e->ys = x->fail_status;
        e->final_abort = x->fail_final;
        mig_buf_reset(&e->msg);
        mig_buf_puts(&e->msg, mig_buf_str(&x->fail_msg));
        if (!e->msg.len) yerr_msg(e, "YDB answered %s", ydb_status_name(x->fail_status) ? ydb_status_name(x->fail_status) : "an error");
        rpc_status_clear(&st);
        return -1;
    }
    if (st.gs != GRPC_STATUS_OK) {
        yerr_set_transport(c, e, &st);
        rpc_status_clear(&st);
        return -1;
    }
    rpc_status_clear(&st);
    if (x->res) {
        x->res->nsets = x->nsets;
        x->res->sets = mig_alloc(x->a, (x->nsets + 1) * sizeof *x->res->sets);
        for (size_t i = 0; i < x->nsets; i++) {
            ydb_result_set *o = &x->res->sets[i];
            o->ncolumns = x->sets[i].ncols;
            o->nrows = x->sets[i].nrows;
            o->names = x->sets[i].names;
            o->types = x->sets[i].types;
            o->cells = x->sets[i].cells;
        }
    }
    return 0;
}

static void exec_init(exec_ctx *x, const char *yql, const mig_param *params, size_t nparams, mig_arena *a,
                      ydb_result *res, ydb_tx *tx)
{
    memset(x, 0, sizeof *x);
    x->yql = yql;
    x->params = params;
    x->nparams = nparams;
    x->a = a;
    x->res = res;
    x->tx = tx;
    if (res) memset(res, 0, sizeof *res);
}

int ydb_exec_notx(ydb_conn *c, const char *yql, const mig_param *params, size_t nparams, bool idempotent,
                  mig_arena *a, ydb_result *res, ydb_error *err)
{
    if (res && !a) {
        yerr_local(c, NULL, err, "BAD_CALL", "results need an arena");
        return -1;
    }
    exec_ctx x;
    exec_init(&x, yql, params, nparams, a, res, NULL);
    int rc = ydb_with_retry(c, exec_what(&x), idempotent, exec_once, &x, err);
    exec_reset(&x);
    return rc;
}

int ydb_exec_in_tx(ydb_conn *c, ydb_tx *tx, bool commit, const char *yql, const mig_param *params, size_t nparams,
                   mig_arena *a, ydb_result *res, yerr *e)
{
    exec_ctx x;
    exec_init(&x, yql, params, nparams, a, res, tx);
    x.commit = commit;
    int rc = exec_once(c, &x, e);
    exec_reset(&x);
    return rc;
}
