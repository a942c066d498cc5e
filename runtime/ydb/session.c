/* session.c - the driver's two sessions: the query session (CreateSession, its
 * AttachSession stream, replaced when the stream ends or the server hints session-close)
 * for queries and transactions, and the table session for DescribeTable and RenameTables. */
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "ydb/ydb_query.pb-c.h"
#include "ydb/ydb_table.pb-c.h"

static void qsession_drop(ydb_conn *c)
{
    rpc_attach_close(&c->qs_attach);
    free(c->qs_id);
    c->qs_id = NULL;
    c->qs_recycle = false;
}

void ydb_qsession_delete(ydb_conn *c)
{
    if (!c->qs_id) return;
    Ydb__Query__DeleteSessionRequest req = YDB__QUERY__DELETE_SESSION_REQUEST__INIT;
    req.session_id = c->qs_id;
    yerr e;
    memset(&e, 0, sizeof e);
    ProtobufCMessage *r = ydb_call(c, "/Ydb.Query.V1.QueryService/DeleteSession", &req.base,
                                   &ydb__query__delete_session_response__descriptor, 2000, true, &e);
    if (r) protobuf_c_message_free_unpacked(r, NULL);
    yerr_free(&e);
    qsession_drop(c);
}

/* A live query session: the one we have when its AttachSession stream is still open,
 * a new one otherwise (CreateSession, then AttachSession and its first SUCCESS). */
int ydb_qsession(ydb_conn *c, int timeout_ms, yerr *e)
{
    if (c->qs_id && !c->qs_recycle && rpc_attach_alive(&c->qs_attach)) return 0;
    if (c->qs_id) {
        ydb_say(c, LOG_DEBUG, "the query session ended; opening a new one");
        if (c->qs_recycle) ydb_qsession_delete(c);
        else qsession_drop(c);
    }
    Ydb__Query__CreateSessionRequest req = YDB__QUERY__CREATE_SESSION_REQUEST__INIT;
    Ydb__Query__CreateSessionResponse *resp = (Ydb__Query__CreateSessionResponse *)ydb_call(
        c, "/Ydb.Query.V1.QueryService/CreateSession", &req.base,
        &ydb__query__create_session_response__descriptor, timeout_ms, true, e);
    if (!resp) return -1;
    if (resp->status != YDB__STATUS_IDS__STATUS_CODE__SUCCESS || !resp->session_id || !*resp->session_id) {
        yerr_set_status(e, (int)resp->status, resp->issues, resp->n_issues);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return -1;
    }
    char *id = mig_xstrdup(resp->session_id);
    protobuf_c_message_free_unpacked(&resp->base, NULL);
    rpc_headers h = ydb_headers(c, true);
    int ys = 0;
    rpc_status st;
    ydb_say(c, LOG_DEBUG, "call /Ydb.Query.V1.QueryService/AttachSession");
    if (rpc_attach_open(&c->qs_attach, c->ch, &h, id, timeout_ms, &ys, &st) != 0) {
        if (ys) yerr_set_status(e, ys, NULL, 0);
        else yerr_set_transport(c, e, &st);
        rpc_status_clear(&st);
        free(id);
        e->session = SESS_QUERY;
        return -1;
    }
    rpc_status_clear(&st);
    c->qs_id = id;
    return 0;
}

int ydb_tsession(ydb_conn *c, int timeout_ms, yerr *e)
{
    if (c->ts_id) return 0;
    Ydb__Table__CreateSessionRequest req = YDB__TABLE__CREATE_SESSION_REQUEST__INIT;
    Ydb__Table__CreateSessionResponse *resp = (Ydb__Table__CreateSessionResponse *)ydb_call(
        c, "/Ydb.Table.V1.TableService/CreateSession", &req.base,
        &ydb__table__create_session_response__descriptor, timeout_ms, true, e);
    if (!resp) return -1;
    ProtobufCMessage *res = NULL;
    int rc = ydb_op_result(resp->operation, &ydb__table__create_session_result__descriptor, &res, e);
    protobuf_c_message_free_unpacked(&resp->base, NULL);
    if (rc) return -1;
    c->ts_id = mig_xstrdup(((Ydb__Table__CreateSessionResult *)res)->session_id);
    protobuf_c_message_free_unpacked(res, NULL);
    return 0;
}

void ydb_tsession_delete(ydb_conn *c)
{
    if (!c->ts_id) return;
    Ydb__Table__DeleteSessionRequest req = YDB__TABLE__DELETE_SESSION_REQUEST__INIT;
    req.session_id = c->ts_id;
    yerr e;
    memset(&e, 0, sizeof e);
    ProtobufCMessage *r = ydb_call(c, "/Ydb.Table.V1.TableService/DeleteSession", &req.base,
                                   &ydb__table__delete_session_response__descriptor, 2000, true, &e);
    if (r) protobuf_c_message_free_unpacked(r, NULL);
    yerr_free(&e);
    free(c->ts_id);
    c->ts_id = NULL;
}

void ydb_drop_session(ydb_conn *c, int which)
{
    if (which == SESS_TABLE) {
        free(c->ts_id);
        c->ts_id = NULL;
    } else if (which == SESS_QUERY && !c->tx_open) {
        qsession_drop(c);
    } else if (which == SESS_QUERY) {
        c->qs_recycle = true;
    }
}
