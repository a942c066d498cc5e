/* rpc.c - gRPC core calls for the driver (see rpc.h and ../shared grpc-core-c.md: every
 * client batch carries RECV_INITIAL_METADATA; one pluck CQ per call; everything we
 * create is released: slices, metadata arrays, byte buffers, error strings). */
#include "rpc.h"

#include <stdlib.h>
#include <string.h>

#include <grpc/byte_buffer_reader.h>
#include <grpc/support/alloc.h>
#include <grpc/support/time.h>

#include "ydb/ydb_query.pb-c.h"

#define TAG(n) ((void *)(uintptr_t)(n))

void rpc_status_clear(rpc_status *st)
{
    free(st->details);
    memset(st, 0, sizeof *st);
}

const char *rpc_grpc_status_name(grpc_status_code gs)
{
    static const char *const names[] = {
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
        "UNAUTHENTICATED"};
    return (unsigned)gs < sizeof names / sizeof names[0] ? names[gs] : "UNKNOWN";
}

static gpr_timespec deadline_in(int ms)
{
    if (ms <= 0) ms = 1;
    return gpr_time_add(gpr_now(GPR_CLOCK_MONOTONIC), gpr_time_from_millis(ms, GPR_TIMESPAN));
}

static grpc_byte_buffer *pack(const ProtobufCMessage *m)
{
    size_t n = protobuf_c_message_get_packed_size(m);
    grpc_slice s = grpc_slice_malloc(n);
    protobuf_c_message_pack(m, GRPC_SLICE_START_PTR(s));
    grpc_byte_buffer *bb = grpc_raw_byte_buffer_create(&s, 1);
    grpc_slice_unref(s);
    return bb;
}

static ProtobufCMessage *unpack(const ProtobufCMessageDescriptor *d, grpc_byte_buffer *bb)
{
    grpc_byte_buffer_reader r;
    if (!grpc_byte_buffer_reader_init(&r, bb)) return NULL;
    grpc_slice s = grpc_byte_buffer_reader_readall(&r);
    ProtobufCMessage *m = protobuf_c_message_unpack(d, NULL, GRPC_SLICE_LENGTH(s), GRPC_SLICE_START_PTR(s));
    grpc_slice_unref(s);
    grpc_byte_buffer_reader_destroy(&r);
    return m;
}

/* x-ydb-* headers; returns how many (at most 4) */
static size_t headers_make(const rpc_headers *h, grpc_metadata *md)
{
    size_t n = 0;
    struct { const char *k, *v; } kv[4] = {
        {"x-ydb-database", h->database}, {"x-ydb-auth-ticket", h->ticket},
        {"x-ydb-sdk-build-info", h->build_info}, {"x-ydb-application-name", h->app_name}};
    for (size_t i = 0; i < 4; i++) {
        if (!kv[i].v || !*kv[i].v) continue;
        memset(&md[n], 0, sizeof md[n]);
        md[n].key = grpc_slice_from_static_string(kv[i].k);
        md[n].value = grpc_slice_from_copied_string(kv[i].v);
        n++;
    }
    return n;
}

static void headers_free(grpc_metadata *md, size_t n)
{
    for (size_t i = 0; i < n; i++) grpc_slice_unref(md[i].value);
}

static bool has_close_hint(const grpc_metadata_array *a)
{
    for (size_t i = 0; i < a->count; i++)
        if (grpc_slice_str_cmp(a->metadata[i].key, "x-ydb-server-hints") == 0 &&
            grpc_slice_str_cmp(a->metadata[i].value, "session-close") == 0)
            return true;
    return false;
}

static char *details_of(grpc_slice details, const char *error_string)
{
    char *d = grpc_slice_to_c_string(details);
    char *r = NULL;
    if (d && *d) r = strdup(d);
    else if (error_string && *error_string) r = strdup(error_string);
    gpr_free(d);
    return r;
}

static void cq_finish(grpc_completion_queue *cq)
{
    grpc_completion_queue_shutdown(cq);
    grpc_completion_queue_destroy(cq);
}

ProtobufCMessage *rpc_unary(grpc_channel *ch, const char *method, const rpc_headers *h,
                            const ProtobufCMessage *req, const ProtobufCMessageDescriptor *rd, int timeout_ms,
                            rpc_status *st)
{
    memset(st, 0, sizeof *st);
    grpc_completion_queue *cq = grpc_completion_queue_create_for_pluck(NULL);
    grpc_call *call = grpc_channel_create_call(ch, NULL, GRPC_PROPAGATE_DEFAULTS, cq,
                                               grpc_slice_from_static_string(method), NULL,
                                               deadline_in(timeout_ms), NULL);
    grpc_metadata md[4];
    size_t nmd = headers_make(h, md);
    grpc_metadata_array imd, tmd;
    grpc_metadata_array_init(&imd);
    grpc_metadata_array_init(&tmd);
    grpc_byte_buffer *send = pack(req), *recv = NULL;
    grpc_slice details = grpc_empty_slice();
    const char *error_string = NULL;
    grpc_status_code gs = GRPC_STATUS_UNKNOWN;

    grpc_op ops[6];
    memset(ops, 0, sizeof ops);
    ops[0].op = GRPC_OP_SEND_INITIAL_METADATA;
    ops[0].data.send_initial_metadata.count = nmd;
    ops[0].data.send_initial_metadata.metadata = md;
    ops[1].op = GRPC_OP_SEND_MESSAGE;
    ops[1].data.send_message.send_message = send;
    ops[2].op = GRPC_OP_SEND_CLOSE_FROM_CLIENT;
    ops[3].op = GRPC_OP_RECV_INITIAL_METADATA;
    ops[3].data.recv_initial_metadata.recv_initial_metadata = &imd;
    ops[4].op = GRPC_OP_RECV_MESSAGE;
    ops[4].data.recv_message.recv_message = &recv;
    ops[5].op = GRPC_OP_RECV_STATUS_ON_CLIENT;
    ops[5].data.recv_status_on_client.trailing_metadata = &tmd;
    ops[5].data.recv_status_on_client.status = &gs;
    ops[5].data.recv_status_on_client.status_details = &details;
    ops[5].data.recv_status_on_client.error_string = &error_string;

    ProtobufCMessage *resp = NULL;
    if (grpc_call_start_batch(call, ops, 6, TAG(1), NULL) == GRPC_CALL_OK) {
        grpc_completion_queue_pluck(cq, TAG(1), gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
        st->gs = gs;
        st->details = details_of(details, error_string);
        st->session_close = has_close_hint(&tmd);
        if (recv) {
            st->got_message = true;
            if (gs == GRPC_STATUS_OK && !(resp = unpack(rd, recv))) {
                st->gs = GRPC_STATUS_INTERNAL;
                free(st->details);
                st->details = strdup("the reply could not be parsed");
            }
        } else if (gs == GRPC_STATUS_OK) {
            st->gs = GRPC_STATUS_INTERNAL;
            st->details = strdup("the server sent no reply");
        }
    } else {
        st->gs = GRPC_STATUS_INTERNAL;
        st->details = strdup("the call could not be started");
    }
    if (recv) grpc_byte_buffer_destroy(recv);
    grpc_byte_buffer_destroy(send);
    grpc_slice_unref(details);
    gpr_free((void *)error_string);
    grpc_metadata_array_destroy(&imd);
    grpc_metadata_array_destroy(&tmd);
    headers_free(md, nmd);
    grpc_call_unref(call);
    cq_finish(cq);
    return resp;
}

void rpc_stream(grpc_channel *ch, const char *method, const rpc_headers *h, const ProtobufCMessage *req,
                const ProtobufCMessageDescriptor *rd, int timeout_ms, rpc_part_fn fn, void *ud, rpc_status *st)
{
    memset(st, 0, sizeof *st);
    grpc_completion_queue *cq = grpc_completion_queue_create_for_pluck(NULL);
    grpc_call *call = grpc_channel_create_call(ch, NULL, GRPC_PROPAGATE_DEFAULTS, cq,
                                               grpc_slice_from_static_string(method), NULL,
                                               deadline_in(timeout_ms), NULL);
    grpc_metadata md[4];
    size_t nmd = headers_make(h, md);
    grpc_metadata_array imd, tmd;
    grpc_metadata_array_init(&imd);
    grpc_metadata_array_init(&tmd);
    grpc_byte_buffer *send = pack(req);
    grpc_slice details = grpc_empty_slice();
    const char *error_string = NULL;
    grpc_status_code gs = GRPC_STATUS_UNKNOWN;
    bool started = false;

    grpc_op ops[4];
    memset(ops, 0, sizeof ops);
    ops[0].op = GRPC_OP_SEND_INITIAL_METADATA;
    ops[0].data.send_initial_metadata.count = nmd;
    ops[0].data.send_initial_metadata.metadata = md;
    ops[1].op = GRPC_OP_SEND_MESSAGE;
    ops[1].data.send_message.send_message = send;
    ops[2].op = GRPC_OP_SEND_CLOSE_FROM_CLIENT;
    ops[3].op = GRPC_OP_RECV_INITIAL_METADATA;
    ops[3].data.recv_initial_metadata.recv_initial_metadata = &imd;
    if (grpc_call_start_batch(call, ops, 4, TAG(1), NULL) == GRPC_CALL_OK) {
        started = true;
        grpc_event ev = grpc_completion_queue_pluck(cq, TAG(1), gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
        bool go = ev.success != 0;
        while (go) {
            grpc_byte_buffer *recv = NULL;
            grpc_op op;
            memset(&op, 0, sizeof op);
            op.op = GRPC_OP_RECV_MESSAGE;
            op.data.recv_message.recv_message = &recv;
            if (grpc_call_start_batch(call, &op, 1, TAG(2), NULL) != GRPC_CALL_OK) break;
            ev = grpc_completion_queue_pluck(cq, TAG(2), gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
            if (!ev.success || !recv) {
                if (recv) grpc_byte_buffer_destroy(recv);
                break;
            }
            st->got_message = true;
            ProtobufCMessage *m = unpack(rd, recv);
            grpc_byte_buffer_destroy(recv);
            if (!m || fn(ud, m) != 0) {
                if (!m) {
                    st->details = strdup("a reply part could not be parsed");
                    st->gs = GRPC_STATUS_INTERNAL;
                }
                if (m) protobuf_c_message_free_unpacked(m, NULL);
                grpc_call_cancel(call, NULL);
                go = false;
                /* fall through to read the status (CANCELLED) */
                break;
            }
            protobuf_c_message_free_unpacked(m, NULL);
        }
        grpc_op sop;
        memset(&sop, 0, sizeof sop);
        sop.op = GRPC_OP_RECV_STATUS_ON_CLIENT;
        sop.data.recv_status_on_client.trailing_metadata = &tmd;
        sop.data.recv_status_on_client.status = &gs;
        sop.data.recv_status_on_client.status_details = &details;
        sop.data.recv_status_on_client.error_string = &error_string;
        if (grpc_call_start_batch(call, &sop, 1, TAG(3), NULL) == GRPC_CALL_OK) {
            grpc_completion_queue_pluck(cq, TAG(3), gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
            if (!st->details) {
                st->gs = gs;
                st->details = details_of(details, error_string);
            }
            st->session_close = has_close_hint(&tmd);
        } else if (!st->details) {
            st->gs = GRPC_STATUS_INTERNAL;
            st->details = strdup("the call's status could not be read");
        }
    }
    if (!started) {
        st->gs = GRPC_STATUS_INTERNAL;
        st->details = strdup("the call could not be started");
    }
    grpc_byte_buffer_destroy(send);
    grpc_slice_unref(details);
    gpr_free((void *)error_string);
    grpc_metadata_array_destroy(&imd);
    grpc_metadata_array_destroy(&tmd);
    headers_free(md, nmd);
    grpc_call_unref(call);
    cq_finish(cq);
}

/* ---------------------------------------------------------------- AttachSession */

enum { AT_START = 1, AT_MSG = 2, AT_STATUS = 3 };

static bool arm_msg(rpc_attach *at)
{
    grpc_op op;
    memset(&op, 0, sizeof op);
    op.op = GRPC_OP_RECV_MESSAGE;
    op.data.recv_message.recv_message = &at->recv;
    if (grpc_call_start_batch(at->call, &op, 1, TAG(AT_MSG), NULL) != GRPC_CALL_OK) return false;
    at->pending++;
    at->msg_armed = true;
    return true;
}

/* One SessionState: 1 fine, 0 the session is going away, -1 none (end of stream) */
static int take_state(rpc_attach *at, int *ydb_status)
{
    if (!at->recv) return -1;
    Ydb__Query__SessionState *s = (Ydb__Query__SessionState *)unpack(&ydb__query__session_state__descriptor, at->recv);
    grpc_byte_buffer_destroy(at->recv);
    at->recv = NULL;
    if (!s) return 0;
    int ok = s->status == YDB__STATUS_IDS__STATUS_CODE__SUCCESS &&
             s->session_hint_case == YDB__QUERY__SESSION_STATE__SESSION_HINT__NOT_SET;
    if (ydb_status) *ydb_status = (int)s->status;
    protobuf_c_message_free_unpacked(&s->base, NULL);
    return ok;
}

/* Handle one event of the attach CQ. */
static void attach_event(rpc_attach *at, grpc_event ev, int *first_state)
{
    if (ev.type != GRPC_OP_COMPLETE) return;
    at->pending--;
    switch ((uintptr_t)ev.tag) {
    case AT_START:
        if (!ev.success) at->dead = true;
        break;
    case AT_MSG: {
        at->msg_armed = false;
        int st = ev.success ? take_state(at, first_state) : -1;
        if (at->recv) {
            grpc_byte_buffer_destroy(at->recv);
            at->recv = NULL;
        }
        if (st == 1) {
            if (!first_state && !arm_msg(at)) at->dead = true;
        } else {
            at->dead = true;
        }
        break;
    }
    case AT_STATUS:
        at->dead = true;
        break;
    default:
        break;
    }
}

int rpc_attach_open(rpc_attach *at, grpc_channel *ch, const rpc_headers *h, const char *session_id,
                    int timeout_ms, int *ydb_status, rpc_status *st)
{
    memset(at, 0, sizeof *at);
    memset(st, 0, sizeof *st);
    *ydb_status = 0;
    at->cq = grpc_completion_queue_create_for_next(NULL);
    /* The stream lives as long as the session: no deadline. */
    at->call = grpc_channel_create_call(ch, NULL, GRPC_PROPAGATE_DEFAULTS, at->cq,
                                        grpc_slice_from_static_string("/Ydb.Query.V1.QueryService/AttachSession"),
                                        NULL, gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
    grpc_metadata_array_init(&at->imd);
    grpc_metadata_array_init(&at->tmd);
    at->details = grpc_empty_slice();
    at->gs = GRPC_STATUS_UNKNOWN;

    Ydb__Query__AttachSessionRequest req = YDB__QUERY__ATTACH_SESSION_REQUEST__INIT;
    req.session_id = (char *)session_id;
    grpc_byte_buffer *send = pack(&req.base);
    grpc_metadata md[4];
    size_t nmd = headers_make(h, md);
    grpc_op ops[4];
    memset(ops, 0, sizeof ops);
    ops[0].op = GRPC_OP_SEND_INITIAL_METADATA;
    ops[0].data.send_initial_metadata.count = nmd;
    ops[0].data.send_initial_metadata.metadata = md;
    ops[1].op = GRPC_OP_SEND_MESSAGE;
    ops[1].data.send_message.send_message = send;
    ops[2].op = GRPC_OP_SEND_CLOSE_FROM_CLIENT;
    ops[3].op = GRPC_OP_RECV_INITIAL_METADATA;
    ops[3].data.recv_initial_metadata.recv_initial_metadata = &at->imd;
    bool ok = grpc_call_start_batch(at->call, ops, 4, TAG(AT_START), NULL) == GRPC_CALL_OK;
    if (ok) at->pending++;
    grpc_op sop;
    memset(&sop, 0, sizeof sop);
    sop.op = GRPC_OP_RECV_STATUS_ON_CLIENT;
    sop.data.recv_status_on_client.trailing_metadata = &at->tmd;
    sop.data.recv_status_on_client.status = &at->gs;
    sop.data.recv_status_on_client.status_details = &at->details;
    if (ok && grpc_call_start_batch(at->call, &sop, 1, TAG(AT_STATUS), NULL) == GRPC_CALL_OK) at->pending++;
    else ok = false;
    ok = ok && arm_msg(at);

    /* Wait for the first SessionState (or the end of the stream). */
    int state = 0;
    bool have_state = false;
    gpr_timespec until = deadline_in(timeout_ms);
    while (ok && !have_state && !at->dead) {
        grpc_event ev = grpc_completion_queue_next(at->cq, until, NULL);
        if (ev.type == GRPC_QUEUE_TIMEOUT) break;
        if (ev.type == GRPC_OP_COMPLETE && (uintptr_t)ev.tag == AT_MSG) {
            at->pending--;
            at->msg_armed = false;
            int r = ev.success ? take_state(at, &state) : -1;
            if (at->recv) {
                grpc_byte_buffer_destroy(at->recv);
                at->recv = NULL;
            }
            have_state = r >= 0;
            if (r != 1) at->dead = true;
        } else {
            attach_event(at, ev, NULL);
        }
    }
    grpc_byte_buffer_destroy(send);
    headers_free(md, nmd);
    if (ok && have_state && !at->dead && arm_msg(at)) return 0;

    *ydb_status = have_state ? state : 0;
    if (!have_state && !at->dead && ok) {
        st->gs = GRPC_STATUS_DEADLINE_EXCEEDED;
        st->details = strdup("no session state arrived in time");
    }
    /* Cancel, then read the status the stream ended with. */
    grpc_call_cancel(at->call, NULL);
    while (at->pending > 0) {
        grpc_event ev = grpc_completion_queue_next(at->cq, gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
        if (ev.type != GRPC_OP_COMPLETE) break;
        attach_event(at, ev, NULL);
    }
    if (!st->details && !have_state) {
        st->gs = at->gs;
        st->details = details_of(at->details, NULL);
        if (st->gs == GRPC_STATUS_OK) st->gs = GRPC_STATUS_UNAVAILABLE;
    }
    rpc_attach_close(at);
    return -1;
}

bool rpc_attach_alive(rpc_attach *at)
{
    if (!at->call) return false;
    for (;;) {
        grpc_event ev = grpc_completion_queue_next(at->cq, gpr_time_0(GPR_CLOCK_MONOTONIC), NULL);
        if (ev.type != GRPC_OP_COMPLETE) break;
        attach_event(at, ev, NULL);
    }
    return !at->dead;
}

void rpc_attach_close(rpc_attach *at)
{
    if (!at->cq) return;
    if (at->call) {
        grpc_call_cancel(at->call, NULL);
        while (at->pending > 0) {
            grpc_event ev = grpc_completion_queue_next(at->cq, gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
            if (ev.type != GRPC_OP_COMPLETE) break;
            at->pending--;
            if ((uintptr_t)ev.tag == AT_MSG && at->recv) {
                grpc_byte_buffer_destroy(at->recv);
                at->recv = NULL;
            }
        }
        grpc_call_unref(at->call);
        at->call = NULL;
    }
    grpc_completion_queue_shutdown(at->cq);
    while (grpc_completion_queue_next(at->cq, gpr_inf_future(GPR_CLOCK_REALTIME), NULL).type != GRPC_QUEUE_SHUTDOWN) {
    }
    grpc_completion_queue_destroy(at->cq);
    at->cq = NULL;
    if (at->recv) grpc_byte_buffer_destroy(at->recv);
    at->recv = NULL;
    grpc_metadata_array_destroy(&at->imd);
    grpc_metadata_array_destroy(&at->tmd);
    grpc_slice_unref(at->details);
    at->dead = true;
}
