/* server.c - ydbsim's gRPC call loop: registration, the completion-queue loop, a call's
 * progress, metadata checks (database, auth), and where a call's faults apply. TEST TOOL.
 *
 * Every call is a sim_call. Tags given to grpc point at one of its sim_tag members, so
 * an event says which call and what finished. A call first gets a RECV_CLOSE_ON_SERVER
 * batch (tells us when the client is gone), then its reply messages are written one at
 * a time (the first with the initial metadata), then the status. It is freed when no
 * batch is pending and the status went out (or can no longer go out).
 */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <grpc/byte_buffer_reader.h>
#include <grpc/grpc_security.h>
#include <grpc/support/alloc.h>
#include <grpc/support/time.h>

/* ---------------------------------------------------------------- helpers */

sim_engine *sim_server_engine(sim_server *s) { return s->engine; }
const sim_config *sim_server_config(sim_server *s) { return s->cfg; }
int sim_server_port(sim_server *s) { return s->port; }
mig_arena *sim_call_arena(sim_call *c) { return c->arena; }
const char *sim_call_user(sim_call *c) { return c->user; }

const char *sim_call_header(sim_call *c, const char *key)
{
    for (size_t i = 0; i < c->md.count; i++) {
        if (grpc_slice_str_cmp(c->md.metadata[i].key, key) == 0) {
            grpc_slice v = c->md.metadata[i].value;
            return mig_strndup(c->arena, (const char *)GRPC_SLICE_START_PTR(v), GRPC_SLICE_LENGTH(v));
        }
    }
    return NULL;
}

static void link_call(sim_server *s, sim_call *c)
{
    c->next = s->live;
    if (s->live) s->live->prev = c;
    s->live = c;
}

static void unlink_call(sim_server *s, sim_call *c)
{
    if (c->prev) c->prev->next = c->next;
    else if (s->live == c) s->live = c->next;
    if (c->next) c->next->prev = c->prev;
    c->prev = c->next = NULL;
}

static sim_call *call_new(sim_server *s, const sim_method *m)
{
    sim_call *c = calloc(1, sizeof *c);
    if (!c) abort();
    c->srv = s;
    c->m = m;
    c->tag_new = (sim_tag){TAG_NEW, c};
    c->tag_write = (sim_tag){TAG_WRITE, c};
    c->tag_close = (sim_tag){TAG_CLOSE, c};
    grpc_metadata_array_init(&c->md);
    if (!m) grpc_call_details_init(&c->details);
    c->arena = mig_arena_new();
    c->gstatus = GRPC_STATUS_OK;
    link_call(s, c);
    return c;
}

static void call_free(sim_call *c)
{
    sim_server *s = c->srv;
    unlink_call(s, c);
    if (c->attached && c->attached->attach == c) c->attached->attach = NULL;
    for (out_msg *o = c->out_head, *n; o; o = n) {
        n = o->next;
        grpc_byte_buffer_destroy(o->bb);
        free(o);
    }
    if (c->payload) grpc_byte_buffer_destroy(c->payload);
    grpc_metadata_array_destroy(&c->md);
    if (!c->m) grpc_call_details_destroy(&c->details);
    if (c->call) grpc_call_unref(c->call);
    free(c->gdetails);
    mig_arena_free(c->arena);
    free(c);
}

static void arm(sim_server *s, const sim_method *m, size_t idx)
{
    if (s->shutdown_done) return;
    sim_call *c = call_new(s, m);
    grpc_call_error e;
    if (m)
        e = grpc_server_request_registered_call(s->server, s->registered[idx], &c->call, &c->deadline,
                                                &c->md, &c->payload, s->cq, s->cq, &c->tag_new);
    else
        e = grpc_server_request_call(s->server, &c->call, &c->details, &c->md, s->cq, s->cq, &c->tag_new);
    if (e != GRPC_CALL_OK) {
        fprintf(stderr, "ydbsim: cannot request a call (%d)\n", (int)e);
        call_free(c);
    }
}

/* ---------------------------------------------------------------- call progress */

static bool call_done(sim_call *c)
{
    return !c->write_pending && !c->close_pending && (c->status_sent || c->srv->shutdown_done || !c->started);
}

/* Start the next batch if possible; free the call when it is over. */
void sim_call_kick(sim_call *c)
{
    sim_server *s = c->srv;
    if (c->write_pending || c->delayed) return;
    if (!c->status_sent && !s->shutdown_done) {
        grpc_op ops[3];
        size_t n = 0;
        memset(ops, 0, sizeof ops);
        if (!c->sent_initial) {
            ops[n].op = GRPC_OP_SEND_INITIAL_METADATA;
            ops[n].data.send_initial_metadata.count = 0;
            n++;
        }
        grpc_slice details;
        bool have_details = false;
        if (c->out_head) {
            ops[n].op = GRPC_OP_SEND_MESSAGE;
            ops[n].data.send_message.send_message = c->out_head->bb;
            n++;
        } else if (c->finishing) {
            ops[n].op = GRPC_OP_SEND_STATUS_FROM_SERVER;
            ops[n].data.send_status_from_server.status = c->gstatus;
            if (c->gdetails) {
                details = grpc_slice_from_copied_string(c->gdetails);
                have_details = true;
                ops[n].data.send_status_from_server.status_details = &details;
            }
            if (c->hint_close && c->gstatus == GRPC_STATUS_OK) {
                c->trailer.key = grpc_slice_from_static_string("x-ydb-server-hints");
                c->trailer.value = grpc_slice_from_static_string("session-close");
                ops[n].data.send_status_from_server.trailing_metadata_count = 1;
                ops[n].data.send_status_from_server.trailing_metadata = &c->trailer;
            }
            n++;
        }
        if (n > 0 && (c->out_head || c->finishing || !c->sent_initial)) {
            grpc_call_error e = grpc_call_start_batch(c->call, ops, n, &c->tag_write, NULL);
            if (have_details) grpc_slice_unref(details);
            if (e == GRPC_CALL_OK) {
                c->write_pending = true;
                c->sent_initial = true;
                return;
            }
            fprintf(stderr, "ydbsim: start_batch failed (%d)\n", (int)e);
            c->status_sent = true; /* give up on this call */
        } else if (have_details) {
            grpc_slice_unref(details);
        }
    }
    if (call_done(c)) call_free(c);
}

static void write_done(sim_call *c, bool ok)
{
    c->write_pending = false;
    if (c->out_head) {
        out_msg *o = c->out_head;
        c->out_head = o->next;
        if (!c->out_head) c->out_tail = NULL;
        grpc_byte_buffer_destroy(o->bb);
        free(o);
    } else if (c->finishing) {
        c->status_sent = true;
    }
    if (!ok) {
        /* The client is gone: nothing more can be written. */
        sim_call_drop_replies(c);
        c->status_sent = true;
    }
    sim_call_kick(c);
}

static void close_done(sim_call *c)
{
    c->close_pending = false;
    c->closed = true;
    if (c->attached) {
        /* The client left an AttachSession stream: YDB closes that session. */
        sim_session *ss = c->attached;
        ss->attach = NULL;
        c->attached = NULL;
        sim_session_delete(c->srv, ss);
    }
    if (!c->status_sent) c->finishing = true;
    sim_call_kick(c);
}

/* ---------------------------------------------------------------- a call arrives */

static bool md_database_ok(sim_server *s, sim_call *c, const sim_method *m)
{
    const char *db = sim_call_header(c, "x-ydb-database");
    if (!db) {
        if (m->no_auth || strstr(m->path, "DiscoveryService/ListEndpoints")) return true;
        sim_reply_error(c, m->shape, SIM_BAD_REQUEST, "Database name is required (x-ydb-database header)");
        return false;
    }
    if (strcmp(db, s->cfg->database) != 0) {
        char *msg = mig_printf(c->arena, "Database %s not found", db);
        sim_call_grpc_fail(c, GRPC_STATUS_UNAUTHENTICATED, msg);
        return false;
    }
    return true;
}

static bool auth_ok(sim_server *s, sim_call *c, const sim_method *m)
{
    if (s->cfg->auth == SIM_AUTH_NONE || m->no_auth) return true;
    const char *tok = sim_call_header(c, "x-ydb-auth-ticket");
    if (!tok || !*tok) {
        sim_call_grpc_fail(c, GRPC_STATUS_UNAUTHENTICATED, "unauthenticated, token is required");
        return false;
    }
    if (s->cfg->auth == SIM_AUTH_TOKEN) {
        if (strcmp(tok, s->cfg->auth_token) == 0) {
            c->user = "root";
            return true;
        }
    } else if (sim_check_issued_token(s, c->arena, tok, &c->user)) {
        return true;
    }
    /* A token that does not verify: YDB answers with the UNAUTHORIZED status. */
    sim_reply_error(c, m->shape, SIM_UNAUTHORIZED, "Token is not valid or expired");
    if (m->streaming) sim_finish(c);
    return false;
}

static void handle_new(sim_server *s, sim_call *c)
{
    c->started = true;
    /* Arm the next request for this method first. */
    if (c->m) arm(s, c->m, (size_t)(c->m - sim_methods));
    else arm(s, NULL, 0);

    /* RECV_CLOSE_ON_SERVER: completes when the client is done or gone. */
    grpc_op op;
    memset(&op, 0, sizeof op);
    op.op = GRPC_OP_RECV_CLOSE_ON_SERVER;
    op.data.recv_close_on_server.cancelled = &c->cancelled;
    if (grpc_call_start_batch(c->call, &op, 1, &c->tag_close, NULL) == GRPC_CALL_OK) c->close_pending = true;

    if (!c->m) {
        char *path = grpc_slice_to_c_string(c->details.method);
        sim_call_grpc_fail(c, GRPC_STATUS_UNIMPLEMENTED, "ydbsim: method not implemented");
        sim_call_log(s, c, path);
        gpr_free(path);
        sim_call_kick(c);
        return;
    }
    const sim_method *m = c->m;
    c->fault = sim_faults_check(&s->cfg->faults, m->path);
    if (c->fault.drop) {
        sim_call_log(s, c, m->path);
        /* No reply: the call ends when grpc sees the connection die (close_done). */
        sim_call_drop_connection(c);
        c->sent_initial = true;
        return;
    }

    bool run = md_database_ok(s, c, m) && auth_ok(s, c, m);
    if (run && c->fault.fail && !c->fault.after) {
        run = false;
    } else if (run) {
        ProtobufCMessage *req = NULL;
        if (c->payload) {
            grpc_byte_buffer_reader r;
            if (grpc_byte_buffer_reader_init(&r, c->payload)) {
                grpc_slice sl = grpc_byte_buffer_reader_readall(&r);
                req = protobuf_c_message_unpack(m->request, NULL, GRPC_SLICE_LENGTH(sl), GRPC_SLICE_START_PTR(sl));
                grpc_slice_unref(sl);
                grpc_byte_buffer_reader_destroy(&r);
            }
        }
        if (!req) {
            sim_reply_error(c, m->shape, SIM_BAD_REQUEST, "cannot parse the request message");
            if (m->streaming) sim_finish(c);
        } else {
            c->finishing = true; /* unary default; streams may keep open */
            m->handler(s, c, req);
            protobuf_c_message_free_unpacked(req, NULL);
        }
    }
    if (c->fault.fail) {
        /* Replace whatever the call produced (after) or would have produced (before). */
        if (c->attached) {
            /* the session was created; a failed attach means the client will drop it */
            sim_session *ss = c->attached;
            c->attached = NULL;
            ss->attach = NULL;
            sim_session_delete(s, ss);
        }
        sim_call_drop_replies(c);
        c->finishing = true;
        if (c->fault.grpc_status) {
            sim_call_grpc_fail(c, (grpc_status_code)c->fault.grpc_status, "ydbsim: injected failure");
        } else {
            sim_issue is = {.message = "ydbsim: injected failure", .code = c->fault.issue_code, .severity = 1};
            if (m->shape == SIM_SHAPE_OP) sim_reply_op(c, c->fault.ydb_status, &is, 1, NULL, NULL);
            else sim_reply_st(c, c->fault.ydb_status, &is, 1);
        }
    }
    if (c->gstatus != GRPC_STATUS_OK) sim_call_drop_replies(c);
    if (!c->attached) c->finishing = true;
    sim_call_log(s, c, m->path);
    if (c->fault.delay_ms) {
        c->delayed = true;
        c->due = gpr_time_add(gpr_now(GPR_CLOCK_MONOTONIC), gpr_time_from_millis(c->fault.delay_ms, GPR_TIMESPAN));
    }
    sim_call_kick(c);
}

/* ---------------------------------------------------------------- lifecycle */

static char *read_file(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = mig_xmalloc(cap);
    size_t k;
    while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n < 2) buf = mig_xrealloc(buf, cap *= 2);
    }
    buf[n] = 0;
    fclose(f);
    return buf;
}

sim_server *sim_server_new(sim_config *cfg, sim_engine *e, char *err, size_t errlen)
{
    sim_server *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->cfg = cfg;
    s->engine = e;
    s->shutdown_tag = (sim_tag){TAG_SHUTDOWN, NULL};
    {
        uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
        int fd = open("/dev/urandom", O_RDONLY);
        if (fd >= 0) {
            if (read(fd, &seed, sizeof seed) != (ssize_t)sizeof seed) seed ^= (uint64_t)clock();
            close(fd);
        }
        s->secret = seed;
    }
    if (cfg->log_calls) {
        s->log = fopen(cfg->log_calls, "a");
        if (!s->log) {
            snprintf(err, errlen, "--log-calls %s: %s", cfg->log_calls, strerror(errno));
            free(s);
            return NULL;
        }
    }
    grpc_arg args[3];
    memset(args, 0, sizeof args);
    args[0].type = GRPC_ARG_INTEGER;
    args[0].key = (char *)GRPC_ARG_ALLOW_REUSEPORT;
    args[0].value.integer = 0;
    args[1].type = GRPC_ARG_INTEGER;
    args[1].key = (char *)GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH;
    args[1].value.integer = 64 * 1024 * 1024;
    args[2].type = GRPC_ARG_INTEGER;
    args[2].key = (char *)GRPC_ARG_MAX_SEND_MESSAGE_LENGTH;
    args[2].value.integer = 64 * 1024 * 1024;
    grpc_channel_args cargs = {3, args};
    s->server = grpc_server_create(&cargs, NULL);
    s->cq = grpc_completion_queue_create_for_next(NULL);
    grpc_server_register_completion_queue(s->server, s->cq, NULL);
    s->registered = calloc(sim_nmethods, sizeof *s->registered);
    if (!s->registered) abort();
    for (size_t i = 0; i < sim_nmethods; i++)
        s->registered[i] = grpc_server_register_method(s->server, sim_methods[i].path, NULL,
                                                       GRPC_SRM_PAYLOAD_READ_INITIAL_BYTE_BUFFER, 0);
    grpc_server_credentials *creds;
    if (cfg->tls_cert) {
        char *cert = read_file(cfg->tls_cert, err, errlen);
        char *key = cert ? read_file(cfg->tls_key, err, errlen) : NULL;
        if (!cert || !key) {
            free(cert);
            sim_server_free(s);
            return NULL;
        }
        grpc_ssl_pem_key_cert_pair pair = {key, cert};
        creds = grpc_ssl_server_credentials_create(NULL, &pair, 1, 0, NULL);
        free(cert);
        free(key);
    } else {
        creds = grpc_insecure_server_credentials_create();
    }
    char addr[128];
    snprintf(addr, sizeof addr, "127.0.0.1:%d", cfg->port);
    s->port = grpc_server_add_http2_port(s->server, addr, creds);
    grpc_server_credentials_release(creds);
    if (s->port <= 0) {
        snprintf(err, errlen, "cannot listen on %s", addr);
        sim_server_free(s);
        return NULL;
    }
    grpc_server_start(s->server);
    for (size_t i = 0; i < sim_nmethods; i++) arm(s, &sim_methods[i], i);
    arm(s, NULL, 0);
    return s;
}

void sim_server_stop(sim_server *s)
{
    grpc_server_shutdown_and_notify(s->server, s->cq, &s->shutdown_tag);
    grpc_server_cancel_all_calls(s->server);
}

static gpr_timespec next_deadline(sim_server *s)
{
    gpr_timespec best = gpr_inf_future(GPR_CLOCK_MONOTONIC);
    for (sim_call *c = s->live; c; c = c->next)
        if (c->delayed && gpr_time_cmp(c->due, best) < 0) best = c->due;
    return best;
}

static void run_due(sim_server *s)
{
    gpr_timespec now = gpr_now(GPR_CLOCK_MONOTONIC);
    for (;;) {
        sim_call *due = NULL;
        for (sim_call *c = s->live; c; c = c->next)
            if (c->delayed && gpr_time_cmp(c->due, now) <= 0) {
                due = c;
                break;
            }
        if (!due) return;
        due->delayed = false;
        sim_call_kick(due);
    }
}

void sim_server_run(sim_server *s)
{
    for (;;) {
        grpc_event ev = grpc_completion_queue_next(s->cq, next_deadline(s), NULL);
        if (ev.type == GRPC_QUEUE_SHUTDOWN) break;
        if (ev.type == GRPC_QUEUE_TIMEOUT) {
            run_due(s);
            continue;
        }
        sim_tag *t = ev.tag;
        switch (t->kind) {
        case TAG_SHUTDOWN:
            /* Calls still alive can no longer make progress; they are freed below as
             * soon as no batch of theirs is pending. */
            s->shutdown_done = true;
            grpc_completion_queue_shutdown(s->cq);
            break;
        case TAG_NEW:
            if (!ev.success || s->shutdown_done) {
                call_free(t->call);
                break;
            }
            handle_new(s, t->call);
            break;
        case TAG_WRITE:
            write_done(t->call, ev.success);
            break;
        case TAG_CLOSE:
            close_done(t->call);
            break;
        }
        if (s->shutdown_done) {
            for (sim_call *c = s->live, *n; c; c = n) {
                n = c->next;
                c->delayed = false;
                if (!c->close_pending && !c->write_pending) call_free(c);
            }
        }
    }
}

void sim_server_free(sim_server *s)
{
    if (!s) return;
    while (s->live) call_free(s->live);
    while (s->sessions) {
        sim_session *ss = s->sessions;
        s->sessions = ss->next;
        sim_session_free(s, ss, true);
    }
    if (s->server) grpc_server_destroy(s->server);
    if (s->cq) grpc_completion_queue_destroy(s->cq);
    free(s->registered);
    if (s->log) fclose(s->log);
    free(s);
}
