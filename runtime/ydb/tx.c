/* tx.c - transactions on the query session: begun lazily by their first statement,
 * committed with the last one or by CommitTransaction, rolled back; a failed statement
 * ends the transaction, and ydb_retry_tx runs all of it again when that may succeed. */
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "ydb/ydb_query.pb-c.h"

static int ensure_qsession(ydb_conn *c, void *ud, yerr *e)
{
    (void)ud;
    return ydb_qsession(c, c->call_timeout_ms, e);
}

int ydb_tx_begin(ydb_conn *c, ydb_tx **out, ydb_error *err)
{
    *out = NULL;
    if (c->tx_open) {
        yerr_local(c, NULL, err, "BAD_CALL", "a transaction is already open on this connection");
        return -1;
    }
    if (ydb_with_retry(c, "opening a session", true, ensure_qsession, NULL, err) != 0) return -1;
    ydb_tx *tx = mig_xmalloc(sizeof *tx);
    memset(tx, 0, sizeof *tx);
    tx->c = c;
    c->tx_open = true;
    *out = tx;
    return 0;
}

static void tx_free(ydb_tx *tx)
{
    tx->c->tx_open = false;
    free(tx->id);
    free(tx->fail_msg);
    free(tx);
}

static void tx_fail(ydb_tx *tx, const yerr *e, const yerr_cls *k)
{
    tx->failed = true;
    /* the transaction was not committed, so running all of it again is safe whenever
     * the failure may be transient */
    tx->rerun = k->always || k->idem;
    tx->fail_backoff = k->backoff;
    tx->fail_gs = e->gs;
    tx->fail_ys = e->ys;
    free(tx->fail_msg);
    tx->fail_msg = mig_xstrdup(mig_buf_str((mig_buf *)&e->msg));
}

static int tx_exec(ydb_tx *tx, const char *yql, const mig_param *params, size_t nparams, mig_arena *a,
                   ydb_result *res, bool commit, ydb_error *err)
{
    ydb_conn *c = tx->c;
    if (res) memset(res, 0, sizeof *res);
    if (res && !a) {
        yerr_local(c, NULL, err, "BAD_CALL", "results need an arena");
        return -1;
    }
    if (tx->committed) {
        yerr_local(c, NULL, err, "BAD_CALL", "the transaction was committed by its last statement");
        return -1;
    }
    if (tx->failed) {
        yerr_local(c, NULL, err, "BAD_CALL", "the transaction has already failed (%s); begin a new one",
                   tx->fail_msg ? tx->fail_msg : "an earlier statement");
        err->retryable = tx->rerun;
        return -1;
    }
    yerr e;
    memset(&e, 0, sizeof e);
    int rc = ydb_fresh_token(c, &e);
    if (rc == 0) rc = ydb_exec_in_tx(c, tx, commit, yql, params, nparams, a, res, &e);
    if (rc != 0) {
        yerr_cls k = yerr_classify(&e);
        if (k.drop_session && e.session) {
            c->tx_open = false; /* the session goes; so does the transaction */
            ydb_drop_session(c, e.session);
            c->tx_open = true;
        }
        if (!commit) {
            if (!e.local) tx_fail(tx, &e, &k);
            yerr_fill(c, NULL, err, &e, &k, !e.local && (k.always || k.idem));
            err->undetermined = false; /* nothing was committed */
        } else {
            /* as a commit: an outcome that may be a success must not be run again */
            bool retry = !e.local && k.always && !k.undetermined && !(e.gs && !e.never_sent);
            if (!e.local) {
                tx_fail(tx, &e, &k);
                tx->rerun = retry;
            }
            yerr_fill(c, NULL, err, &e, &k, retry);
        }
    } else if (commit) {
        tx->committed = true;
    }
    yerr_free(&e);
    return rc;
}

int ydb_tx_exec(ydb_tx *tx, const char *yql, const mig_param *params, size_t nparams, mig_arena *a,
                ydb_result *res, ydb_error *err)
{
    return tx_exec(tx, yql, params, nparams, a, res, false, err);
}

int ydb_tx_exec_commit(ydb_tx *tx, const char *yql, const mig_param *params, size_t nparams, mig_arena *a,
                       ydb_result *res, ydb_error *err)
{
    return tx_exec(tx, yql, params, nparams, a, res, true, err);
}

int ydb_tx_commit(ydb_tx *tx, ydb_error *err)
{
    ydb_conn *c = tx->c;
    if (tx->failed) {
        yerr e;
        memset(&e, 0, sizeof e);
        e.gs = tx->fail_gs;
        e.ys = tx->fail_ys;
        yerr_msg(&e, "the transaction was not committed: %s", tx->fail_msg ? tx->fail_msg : "a statement failed");
        yerr_cls k = yerr_classify(&e);
        yerr_fill(c, NULL, err, &e, &k, tx->rerun);
        err->undetermined = false;
        yerr_free(&e);
        tx_free(tx);
        return -1;
    }
    if (tx->committed || !tx->id) { /* committed with its last statement, or none ran */
        tx_free(tx);
        return 0;
    }
    yerr e;
    memset(&e, 0, sizeof e);
    Ydb__Query__CommitTransactionRequest req = YDB__QUERY__COMMIT_TRANSACTION_REQUEST__INIT;
    req.session_id = c->qs_id;
    req.tx_id = tx->id;
    int rc = -1;
    Ydb__Query__CommitTransactionResponse *resp = (Ydb__Query__CommitTransactionResponse *)ydb_call(
        c, "/Ydb.Query.V1.QueryService/CommitTransaction", &req.base,
        &ydb__query__commit_transaction_response__descriptor, c->call_timeout_ms, true, &e);
    e.session = SESS_QUERY;
    if (resp) {
        if (resp->status == YDB__STATUS_IDS__STATUS_CODE__SUCCESS) rc = 0;
        else yerr_set_status(&e, (int)resp->status, resp->issues, resp->n_issues);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
    }
    if (rc != 0) {
        yerr_cls k = yerr_classify(&e);
        c->tx_open = false;
        if (k.drop_session) ydb_drop_session(c, SESS_QUERY);
        /* a commit whose outcome is unknown must not be run again */
        bool retry = k.always && !k.undetermined && !(e.gs && !e.never_sent);
        yerr_fill(c, NULL, err, &e, &k, retry);
        c->fail_backoff_hint = k.backoff;
    }
    yerr_free(&e);
    tx_free(tx);
    return rc;
}

void ydb_tx_rollback(ydb_tx *tx)
{
    if (!tx) return;
    ydb_conn *c = tx->c;
    if (tx->id && !tx->failed && !tx->committed && c->qs_id) {
        Ydb__Query__RollbackTransactionRequest req = YDB__QUERY__ROLLBACK_TRANSACTION_REQUEST__INIT;
        req.session_id = c->qs_id;
        req.tx_id = tx->id;
        yerr e;
        memset(&e, 0, sizeof e);
        ProtobufCMessage *r = ydb_call(c, "/Ydb.Query.V1.QueryService/RollbackTransaction", &req.base,
                                       &ydb__query__rollback_transaction_response__descriptor, c->call_timeout_ms, true, &e);
        if (r) protobuf_c_message_free_unpacked(r, NULL);
        yerr_free(&e);
    }
    tx_free(tx);
}

int ydb_retry_tx(ydb_conn *c, ydb_tx_fn fn, void *ud, ydb_error *err)
{
    for (int attempt = 0;; attempt++) {
        ydb_tx *tx;
        if (ydb_tx_begin(c, &tx, err) != 0) return -1;
        int backoff;
        if (fn(tx, ud, err) != 0) {
            bool rerun = tx->failed && tx->rerun;
            backoff = tx->fail_backoff;
            ydb_tx_rollback(tx);
            if (!rerun) return -1;
        } else {
            c->fail_backoff_hint = BACKOFF_NONE;
            if (ydb_tx_commit(tx, err) == 0) {
                c->failing_since = 0;
                return 0;
            }
            if (!err->retryable) return -1;
            backoff = c->fail_backoff_hint;
        }
        int delay = ydb_backoff_ms(c, backoff, attempt);
        if (!ydb_budget_allows(c, delay)) return -1;
        ydb_say_retry(c, "transaction", err->status_name, err->message, attempt + 2, delay);
        if (delay) ydb_sleep_ms(delay);
    }
}
