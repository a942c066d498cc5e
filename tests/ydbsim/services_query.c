/* services_query.c - ydbsim's Query service: sessions and their attach streams,
 * transactions, ExecuteQuery's streamed result sets. TEST TOOL. */
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "server.h"
#include "ydb/ydb_query.pb-c.h"

/* ---------------------------------------------------------------- Query */

void sim_h_q_create_session(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    (void)req;
    sim_session *ss = sim_session_new(s, true);
    Ydb__Query__CreateSessionResponse res = YDB__QUERY__CREATE_SESSION_RESPONSE__INIT;
    res.status = YDB__STATUS_IDS__STATUS_CODE__SUCCESS;
    res.session_id = ss->id;
    res.node_id = 1;
    sim_reply(c, &res.base);
    sim_set_status(c, SIM_SUCCESS);
}

void sim_h_q_delete_session(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Query__DeleteSessionRequest *rq = (const void *)req;
    sim_session *ss = sim_session_find(s, rq->session_id);
    if (!ss) {
        ERR(c, SIM_SHAPE_ST, SIM_NOT_FOUND, "Session not found");
        return;
    }
    sim_session_delete(s, ss);
    sim_reply_st(c, SIM_SUCCESS, NULL, 0);
}

void sim_h_q_attach(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Query__AttachSessionRequest *rq = (const void *)req;
    Ydb__Query__SessionState st = YDB__QUERY__SESSION_STATE__INIT;
    if (!rq->session_id || !*rq->session_id || strncmp(rq->session_id, "ydb://session/", 14) != 0) {
        ERR(c, SIM_SHAPE_ST, SIM_BAD_REQUEST, "Invalid session id");
        sim_finish(c);
        return;
    }
    sim_session *ss = sim_session_find(s, rq->session_id);
    if (!ss || ss->attach) {
        ERR(c, SIM_SHAPE_ST, SIM_NOT_FOUND, ss ? "Session is already attached" : "Session not found");
        sim_finish(c);
        return;
    }
    st.status = YDB__STATUS_IDS__STATUS_CODE__SUCCESS;
    sim_reply(c, &st.base);
    sim_set_status(c, SIM_SUCCESS);
    sim_keep_open(c, ss);
}

void sim_h_q_begin(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Query__BeginTransactionRequest *rq = (const void *)req;
    sim_session *ss = sim_need_session(s, c, SIM_SHAPE_ST, rq->session_id);
    if (!ss) return;
    sim_tx *tx = sim_tx_begin(sim_server_engine(s),
                              (sim_tx_mode)sim_tx_mode_of(rq->tx_settings ? (int)rq->tx_settings->tx_mode_case : 1));
    if (!tx) {
        ERR(c, SIM_SHAPE_ST, SIM_BAD_REQUEST, "Invalid transaction mode");
        return;
    }
    sim_session_track_tx(ss, sim_tx_id(tx));
    Ydb__Query__TransactionMeta meta = YDB__QUERY__TRANSACTION_META__INIT;
    meta.id = mig_strdup(sim_call_arena(c), sim_tx_id(tx));
    Ydb__Query__BeginTransactionResponse res = YDB__QUERY__BEGIN_TRANSACTION_RESPONSE__INIT;
    res.status = YDB__STATUS_IDS__STATUS_CODE__SUCCESS;
    res.tx_meta = &meta;
    sim_reply(c, &res.base);
    sim_set_status(c, SIM_SUCCESS);
}

void sim_h_q_commit(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Query__CommitTransactionRequest *rq = (const void *)req;
    sim_session *ss = sim_need_session(s, c, SIM_SHAPE_ST, rq->session_id);
    if (!ss) return;
    sim_tx *tx = sim_need_tx(s, c, SIM_SHAPE_ST, rq->tx_id);
    if (!tx) return;
    sim_session_untrack_tx(ss, rq->tx_id);
    sim_result r = sim_tx_commit(sim_server_engine(s), tx);
    sim_reply_st(c, (int)r.status, r.issues, r.nissues);
    sim_result_free(&r);
}

void sim_h_q_rollback(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Query__RollbackTransactionRequest *rq = (const void *)req;
    sim_session *ss = sim_need_session(s, c, SIM_SHAPE_ST, rq->session_id);
    if (!ss) return;
    sim_tx *tx = sim_need_tx(s, c, SIM_SHAPE_ST, rq->tx_id);
    if (!tx) return;
    sim_session_untrack_tx(ss, rq->tx_id);
    sim_tx_rollback(sim_server_engine(s), tx);
    sim_reply_st(c, SIM_SUCCESS, NULL, 0);
}

void sim_h_q_execute(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Query__ExecuteQueryRequest *rq = (const void *)req;
    mig_arena *a = sim_call_arena(c);
    sim_finish(c);
    sim_session *ss = NULL;
    if (rq->session_id && *rq->session_id && !(ss = sim_need_session(s, c, SIM_SHAPE_ST, rq->session_id))) return;
    if (rq->query_case != YDB__QUERY__EXECUTE_QUERY_REQUEST__QUERY_QUERY_CONTENT || !rq->query_content) {
        ERR(c, SIM_SHAPE_ST, SIM_BAD_REQUEST, "Query content is required");
        return;
    }
    if (rq->exec_mode != YDB__QUERY__EXEC_MODE__EXEC_MODE_EXECUTE &&
        rq->exec_mode != YDB__QUERY__EXEC_MODE__EXEC_MODE_UNSPECIFIED) {
        ERR(c, SIM_SHAPE_ST, SIM_BAD_REQUEST, "Unexpected query mode");
        return;
    }
    if (rq->query_content->syntax == YDB__QUERY__SYNTAX__SYNTAX_PG) {
        ERR(c, SIM_SHAPE_ST, SIM_UNSUPPORTED, "PostgreSQL syntax is not supported by ydbsim");
        return;
    }
    sim_tx *tx = NULL;
    int begin = -1;
    bool commit = false;
    const char *used = NULL;
    if (rq->tx_control) {
        commit = rq->tx_control->commit_tx;
        if (rq->tx_control->tx_selector_case == YDB__QUERY__TRANSACTION_CONTROL__TX_SELECTOR_TX_ID) {
            if (!(tx = sim_need_tx(s, c, SIM_SHAPE_ST, rq->tx_control->tx_id))) return;
            used = mig_strdup(a, rq->tx_control->tx_id);
        } else if (rq->tx_control->tx_selector_case == YDB__QUERY__TRANSACTION_CONTROL__TX_SELECTOR_BEGIN_TX) {
            begin = sim_tx_mode_of(rq->tx_control->begin_tx ? (int)rq->tx_control->begin_tx->tx_mode_case : 1);
        }
    }
    sim_param *ps = NULL;
    size_t np = 0;
    char *err = NULL;
    if (sim_params_from_pb(a, (void *const *)rq->parameters, rq->n_parameters, &ps, &np, &err)) {
        ERR(c, SIM_SHAPE_ST, SIM_BAD_REQUEST, err);
        return;
    }
    sim_result r = sim_execute(sim_server_engine(s), SIM_API_QUERY, tx, begin, commit,
                               rq->query_content->text, ps, np);
    if (r.delay_ms) sim_delay_reply(c, r.delay_ms); /* an index build the statement waits for */
    sim_after_execute(s, ss, used, commit, &r);
    if (r.status == SIM_SUCCESS) {
        for (size_t i = 0; i < r.nsets; i++) {
            Ydb__Query__ExecuteQueryResponsePart part = YDB__QUERY__EXECUTE_QUERY_RESPONSE_PART__INIT;
            part.status = YDB__STATUS_IDS__STATUS_CODE__SUCCESS;
            part.result_set_index = (int64_t)i;
            part.result_set = sim_result_set_to_pb(a, &r.sets[i]);
            sim_reply(c, &part.base);
        }
    }
    /* The final part: status, issues, and tx_meta when a transaction stays open. */
    Ydb__Query__ExecuteQueryResponsePart fin = YDB__QUERY__EXECUTE_QUERY_RESPONSE_PART__INIT;
    fin.status = (Ydb__StatusIds__StatusCode)r.status;
    fin.n_issues = r.nissues;
    fin.issues = sim_issues_to_pb(a, r.issues, r.nissues);
    Ydb__Query__TransactionMeta meta = YDB__QUERY__TRANSACTION_META__INIT;
    const char *txid = r.status == SIM_SUCCESS ? (r.tx_id ? r.tx_id : (!commit && used) ? used : NULL) : NULL;
    if (txid) {
        meta.id = mig_strdup(a, txid);
        fin.tx_meta = &meta;
    }
    sim_reply(c, &fin.base);
    sim_set_status(c, (int)r.status);
    sim_result_free(&r);
}
