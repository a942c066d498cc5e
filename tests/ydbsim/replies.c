/* replies.c - ydbsim's replies: queueing a call's messages and building YDB's Op-shape
 * and St-shape responses (status, issues, result) and gRPC-status failures. TEST TOOL. */
#include "server.h"

#include <stdlib.h>
#include <string.h>

#include "ydb/ydb_operation.pb-c.h"
#include "ydb/ydb_query.pb-c.h"
#include "ydb/ydb_table.pb-c.h"

/* ---------------------------------------------------------------- replies */

void sim_reply(sim_call *c, const ProtobufCMessage *msg)
{
    size_t n = protobuf_c_message_get_packed_size(msg);
    grpc_slice sl = grpc_slice_malloc(n);
    protobuf_c_message_pack(msg, GRPC_SLICE_START_PTR(sl));
    out_msg *o = calloc(1, sizeof *o);
    if (!o) abort();
    o->bb = grpc_raw_byte_buffer_create(&sl, 1);
    grpc_slice_unref(sl);
    if (c->out_tail) c->out_tail->next = o;
    else c->out_head = o;
    c->out_tail = o;
}

void sim_call_drop_replies(sim_call *c)
{
    for (out_msg *o = c->out_head, *n; o; o = n) {
        n = o->next;
        grpc_byte_buffer_destroy(o->bb);
        free(o);
    }
    c->out_head = c->out_tail = NULL;
}

void sim_set_status(sim_call *c, int ydb_status) { c->ydb_status = ydb_status; }
void sim_finish(sim_call *c) { c->finishing = true; }
void sim_hint_session_close(sim_call *c) { c->hint_close = true; }

void sim_keep_open(sim_call *c, sim_session *ss)
{
    c->finishing = false;
    c->attached = ss;
    ss->attach = c;
}

static Ydb__Issue__IssueMessage *issue_to_pb(mig_arena *a, const sim_issue *is)
{
    Ydb__Issue__IssueMessage *m = mig_alloc(a, sizeof *m);
    ydb__issue__issue_message__init(m);
    m->message = mig_strdup(a, is->message ? is->message : "");
    m->issue_code = is->code;
    m->severity = is->severity;
    if (is->row || is->column) {
        m->position = mig_alloc(a, sizeof *m->position);
        ydb__issue__issue_message__position__init(m->position);
        m->position->row = is->row;
        m->position->column = is->column;
    }
    if (is->nissues) {
        m->n_issues = is->nissues;
        m->issues = mig_alloc(a, is->nissues * sizeof *m->issues);
        for (size_t i = 0; i < is->nissues; i++) m->issues[i] = issue_to_pb(a, &is->issues[i]);
    }
    return m;
}

Ydb__Issue__IssueMessage **sim_issues_to_pb(mig_arena *a, const sim_issue *issues, size_t n);
Ydb__Issue__IssueMessage **sim_issues_to_pb(mig_arena *a, const sim_issue *issues, size_t n)
{
    if (!n) return NULL;
    Ydb__Issue__IssueMessage **v = mig_alloc(a, n * sizeof *v);
    for (size_t i = 0; i < n; i++) v[i] = issue_to_pb(a, &issues[i]);
    return v;
}

void sim_reply_op(sim_call *c, int status, const sim_issue *issues, size_t nissues,
                  const ProtobufCMessage *result, const char *result_full_name)
{
    mig_arena *a = c->arena;
    Ydb__Operations__Operation *op = mig_alloc(a, sizeof *op);
    ydb__operations__operation__init(op);
    op->ready = 1;
    op->status = status;
    op->n_issues = nissues;
    op->issues = sim_issues_to_pb(a, issues, nissues);
    if (result && status == SIM_SUCCESS) {
        Google__Protobuf__Any *any = mig_alloc(a, sizeof *any);
        google__protobuf__any__init(any);
        any->type_url = mig_printf(a, "type.googleapis.com/%s", result_full_name);
        any->value.len = protobuf_c_message_get_packed_size(result);
        any->value.data = mig_alloc(a, any->value.len + 1);
        protobuf_c_message_pack(result, any->value.data);
        op->result = any;
    }
    /* Every Op-shape response is {Operation operation = 1;}: identical bytes whichever
     * response message we pick, so one wrapper serves all of them. */
    Ydb__Table__CreateSessionResponse resp = YDB__TABLE__CREATE_SESSION_RESPONSE__INIT;
    resp.operation = op;
    sim_reply(c, &resp.base);
    sim_set_status(c, status);
}

void sim_reply_st(sim_call *c, int status, const sim_issue *issues, size_t nissues)
{
    /* Every St-shape message starts {status = 1, issues = 2}; this one has only those. */
    Ydb__Query__DeleteSessionResponse resp = YDB__QUERY__DELETE_SESSION_RESPONSE__INIT;
    resp.status = status;
    resp.n_issues = nissues;
    resp.issues = sim_issues_to_pb(c->arena, issues, nissues);
    sim_reply(c, &resp.base);
    sim_set_status(c, status);
}

void sim_reply_error(sim_call *c, sim_shape shape, int status, const char *message)
{
    sim_issue is = {.message = (char *)message, .severity = 1};
    if (shape == SIM_SHAPE_OP) sim_reply_op(c, status, &is, message ? 1 : 0, NULL, NULL);
    else sim_reply_st(c, status, &is, message ? 1 : 0);
}

void sim_delay_reply(sim_call *c, unsigned ms) { c->fault.delay_ms += ms; }

void sim_call_grpc_fail(sim_call *c, grpc_status_code code, const char *details)
{
    sim_call_drop_replies(c);
    c->gstatus = code;
    free(c->gdetails);
    c->gdetails = mig_xstrdup(details);
    c->finishing = true;
}
