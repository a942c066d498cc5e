/* server.c - ydbsim's gRPC machinery: registration, the completion-queue loop, call
 * state, metadata checks (database, auth), faults, the call log. TEST TOOL.
 *
 * Every call is a sim_call. Tags given to grpc point at one of its sim_tag members, so
 * an event says which call and what finished. A call first gets a RECV_CLOSE_ON_SERVER
 * batch (tells us when the client is gone), then its reply messages are written one at
 * a time (the first with the initial metadata), then the status. It is freed when no
 * batch is pending and the status went out (or can no longer go out).
 */
#include "server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <grpc/byte_buffer_reader.h>
#include <grpc/grpc_security.h>
#include <grpc/support/alloc.h>
#include <grpc/support/time.h>

#include "ydb/ydb_operation.pb-c.h"
#include "ydb/ydb_query.pb-c.h"
#include "ydb/ydb_table.pb-c.h"

typedef enum tag_kind { TAG_NEW, TAG_WRITE, TAG_CLOSE, TAG_SHUTDOWN } tag_kind;
typedef struct sim_tag {
    tag_kind kind;
    sim_call *call;
} sim_tag;

typedef struct out_msg {
    grpc_byte_buffer *bb;
    struct out_msg *next;
} out_msg;

struct sim_call {
    sim_server *srv;
    const sim_method *m;          /* NULL: the catch-all */
    sim_tag tag_new, tag_write, tag_close;
    grpc_call *call;
    gpr_timespec deadline;
    grpc_metadata_array md;
    grpc_call_details details;    /* catch-all only */
    grpc_byte_buffer *payload;
    mig_arena *arena;
    const char *user;

    out_msg *out_head, *out_tail;
    bool started;                 /* arrived (tag_new succeeded) */
    bool sent_initial;
    bool finishing;               /* send the status after the queue */
    bool status_sent;
    bool write_pending;
    bool close_pending;
    bool closed;                  /* RECV_CLOSE completed */
    int cancelled;
    bool hint_close;
    grpc_status_code gstatus;
    char *gdetails;               /* heap */
    grpc_metadata trailer;

    int ydb_status;               /* for the log */
    sim_fault_action fault;
    gpr_timespec due;             /* delayed reply */
    bool delayed;
    sim_session *attached;        /* AttachSession: the session it keeps alive */

    sim_call *prev, *next;        /* live calls */
};

struct sim_server {
    sim_config *cfg;
    sim_engine *engine;
    grpc_server *server;
    grpc_completion_queue *cq;
    void **registered;            /* one per sim_methods entry */
    int port;
    sim_tag shutdown_tag;
    bool shutdown_done;
    sim_call *live;
    sim_session *sessions;
    unsigned long next_session, next_token;
    FILE *log;
    uint64_t secret;
};

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

static void drop_replies(sim_call *c)
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

static void grpc_fail(sim_call *c, grpc_status_code code, const char *details)
{
    drop_replies(c);
    c->gstatus = code;
    free(c->gdetails);
    c->gdetails = mig_xstrdup(details);
    c->finishing = true;
}

/* ---------------------------------------------------------------- sessions */

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static char *b64url_encode(const unsigned char *p, size_t n)
{
    char *out = mig_xmalloc(n * 4 / 3 + 4), *o = out;
    size_t i = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        *o++ = b64url[v >> 18];
        *o++ = b64url[(v >> 12) & 63];
        *o++ = b64url[(v >> 6) & 63];
        *o++ = b64url[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)p[i] << 16;
        *o++ = b64url[v >> 18];
        *o++ = b64url[(v >> 12) & 63];
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
        *o++ = b64url[v >> 18];
        *o++ = b64url[(v >> 12) & 63];
        *o++ = b64url[(v >> 6) & 63];
    }
    *o = 0;
    return out;
}

sim_session *sim_session_new(sim_server *s, bool query)
{
    sim_session *ss = calloc(1, sizeof *ss);
    if (!ss) abort();
    char raw[64];
    int n = snprintf(raw, sizeof raw, "ydbsim-%s-%lu-%08x", query ? "q" : "t", ++s->next_session,
                     (unsigned)(s->secret & 0xffffffffu));
    char *b = b64url_encode((const unsigned char *)raw, (size_t)n);
    size_t len = strlen(b) + 64;
    ss->id = mig_xmalloc(len);
    snprintf(ss->id, len, "ydb://session/3?node_id=1&id=%s", b);
    free(b);
    ss->query = query;
    ss->next = s->sessions;
    s->sessions = ss;
    return ss;
}

sim_session *sim_session_find(sim_server *s, const char *id)
{
    if (!id) return NULL;
    for (sim_session *ss = s->sessions; ss; ss = ss->next)
        if (strcmp(ss->id, id) == 0) return ss;
    return NULL;
}

void sim_session_track_tx(sim_session *ss, const char *tx_id)
{
    if (ss->ntxs == ss->captxs) {
        ss->captxs = ss->captxs ? ss->captxs * 2 : 4;
        ss->txs = mig_xrealloc(ss->txs, ss->captxs * sizeof *ss->txs);
    }
    ss->txs[ss->ntxs++] = mig_xstrdup(tx_id);
}

void sim_session_untrack_tx(sim_session *ss, const char *tx_id)
{
    for (size_t i = 0; i < ss->ntxs; i++) {
        if (strcmp(ss->txs[i], tx_id) == 0) {
            free(ss->txs[i]);
            ss->txs[i] = ss->txs[--ss->ntxs];
            return;
        }
    }
}

static void kick(sim_call *c);

static void session_free(sim_server *s, sim_session *ss, bool rollback)
{
    for (size_t i = 0; i < ss->ntxs; i++) {
        if (rollback) {
            sim_tx *tx = sim_tx_find(s->engine, ss->txs[i]);
            if (tx) sim_tx_rollback(s->engine, tx);
        }
        free(ss->txs[i]);
    }
    free(ss->txs);
    free(ss->id);
    free(ss);
}

void sim_session_delete(sim_server *s, sim_session *ss)
{
    for (sim_session **pp = &s->sessions; *pp; pp = &(*pp)->next) {
        if (*pp == ss) {
            *pp = ss->next;
            break;
        }
    }
    sim_call *att = ss->attach;
    if (att) {
        /* The attach stream ends with the session. */
        att->attached = NULL;
        att->finishing = true;
        kick(att);
    }
    session_free(s, ss, true);
}

/* ---------------------------------------------------------------- auth tokens */

static uint64_t fnv64(const char *p, size_t n, uint64_t seed)
{
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* A JWT-shaped token: base64url(header).base64url(claims).base64url(mac). The mac is a
 * keyed hash, enough for a test server to tell its own tokens from others. */
char *sim_server_issue_token(sim_server *s, const char *user)
{
    static const char header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    char claims[512];
    long now = (long)time(NULL);
    int n = snprintf(claims, sizeof claims, "{\"sub\":\"%s\",\"iat\":%ld,\"exp\":%ld,\"iss\":\"ydbsim\"}",
                     user, now, now + 12 * 3600);
    char *h = b64url_encode((const unsigned char *)header, sizeof header - 1);
    char *cl = b64url_encode((const unsigned char *)claims, (size_t)n);
    size_t len = strlen(h) + strlen(cl) + 2;
    char *signing = mig_xmalloc(len);
    snprintf(signing, len, "%s.%s", h, cl);
    unsigned char mac[16];
    uint64_t m1 = fnv64(signing, strlen(signing), s->secret), m2 = fnv64(signing, strlen(signing), ~s->secret);
    for (int i = 0; i < 8; i++) {
        mac[i] = (unsigned char)(m1 >> (8 * i));
        mac[8 + i] = (unsigned char)(m2 >> (8 * i));
    }
    char *sig = b64url_encode(mac, sizeof mac);
    size_t tlen = len + strlen(sig) + 2;
    char *tok = mig_xmalloc(tlen);
    snprintf(tok, tlen, "%s.%s", signing, sig);
    free(h);
    free(cl);
    free(signing);
    free(sig);
    return tok;
}

/* 1 valid, 0 invalid or expired. On success *user (arena) is the subject. */
static int check_issued_token(sim_server *s, mig_arena *a, const char *tok, const char **user)
{
    const char *dot2 = strrchr(tok, '.');
    if (!dot2) return 0;
    char *signing = mig_strndup(a, tok, (size_t)(dot2 - tok));
    unsigned char mac[16];
    uint64_t m1 = fnv64(signing, strlen(signing), s->secret), m2 = fnv64(signing, strlen(signing), ~s->secret);
    for (int i = 0; i < 8; i++) {
        mac[i] = (unsigned char)(m1 >> (8 * i));
        mac[8 + i] = (unsigned char)(m2 >> (8 * i));
    }
    char *sig = b64url_encode(mac, sizeof mac);
    int ok = strcmp(sig, dot2 + 1) == 0;
    free(sig);
    if (!ok) return 0;
    /* decode the claims for exp and sub */
    const char *dot1 = strchr(signing, '.');
    if (!dot1) return 0;
    const char *p = dot1 + 1;
    size_t n = strlen(p);
    char *claims = mig_alloc(a, n + 1);
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        const char *q = strchr(b64url, p[i]);
        if (!q || !*q) return 0;
        acc = acc << 6 | (uint32_t)(q - b64url);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            claims[o++] = (char)((acc >> bits) & 0xff);
        }
    }
    claims[o] = 0;
    const char *e = strstr(claims, "\"exp\":");
    if (!e || strtol(e + 6, NULL, 10) <= (long)time(NULL)) return 0;
    const char *sub = strstr(claims, "\"sub\":\"");
    if (sub) {
        sub += 7;
        const char *end = strchr(sub, '"');
        *user = end ? mig_strndup(a, sub, (size_t)(end - sub)) : NULL;
    }
    return 1;
}

/* ---------------------------------------------------------------- log */

static void log_call(sim_server *s, sim_call *c, const char *path)
{
    if (!s->log) return;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    fprintf(s->log, "%s.%03ldZ %s %s", when, ts.tv_nsec / 1000000, path,
            c->ydb_status ? sim_ydb_status_name(c->ydb_status) : "-");
    if (c->gstatus != GRPC_STATUS_OK) fprintf(s->log, " grpc=%s", sim_grpc_status_name(c->gstatus));
    if (c->fault.fail) fprintf(s->log, " fault=fail:%s", c->fault.after ? "after" : "before");
    if (c->fault.drop) fprintf(s->log, " fault=drop");
    if (c->fault.delay_ms) fprintf(s->log, " fault=delay:%u", c->fault.delay_ms);
    fputc('\n', s->log);
    fflush(s->log);
}

/* ---------------------------------------------------------------- drop */

/* Close the TCP connection a call came on: find our socket whose peer is the call's
 * peer and shut it down. grpc then sees the connection die, as with a network fault. */
static void drop_connection(sim_call *c)
{
    char *peer = grpc_call_get_peer(c->call);
    if (!peer) return;
    const char *hp = strncmp(peer, "ipv4:", 5) == 0 ? peer + 5 : NULL;
    const char *colon = hp ? strrchr(hp, ':') : NULL;
    if (!colon) {
        gpr_free(peer);
        return;
    }
    char host[64];
    size_t hl = (size_t)(colon - hp);
    if (hl >= sizeof host) hl = sizeof host - 1;
    memcpy(host, hp, hl);
    host[hl] = 0;
    int port = atoi(colon + 1);
    gpr_free(peer);
    DIR *d = opendir("/proc/self/fd");
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        int fd = atoi(de->d_name);
        if (fd <= 2 || fd == dirfd(d)) continue;
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        if (getpeername(fd, (struct sockaddr *)&ss, &sl) != 0) continue;
        char buf[INET6_ADDRSTRLEN];
        int pport;
        if (ss.ss_family == AF_INET) {
            const struct sockaddr_in *sa = (const struct sockaddr_in *)&ss;
            if (!inet_ntop(AF_INET, &sa->sin_addr, buf, sizeof buf)) continue;
            pport = ntohs(sa->sin_port);
        } else if (ss.ss_family == AF_INET6) {
            /* grpc may accept on a dual-stack socket: ::ffff:127.0.0.1 */
            const struct sockaddr_in6 *sa = (const struct sockaddr_in6 *)&ss;
            if (!IN6_IS_ADDR_V4MAPPED(&sa->sin6_addr)) continue;
            if (!inet_ntop(AF_INET, &sa->sin6_addr.s6_addr[12], buf, sizeof buf)) continue;
            pport = ntohs(sa->sin6_port);
        } else {
            continue;
        }
        if (strcmp(buf, host) == 0 && pport == port) shutdown(fd, SHUT_RDWR);
    }
    closedir(d);
}

/* ---------------------------------------------------------------- call progress */

static bool call_done(sim_call *c)
{
    return !c->write_pending && !c->close_pending && (c->status_sent || c->srv->shutdown_done || !c->started);
}

/* Start the next batch if possible; free the call when it is over. */
static void kick(sim_call *c)
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
        drop_replies(c);
        c->status_sent = true;
    }
    kick(c);
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
    kick(c);
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
        grpc_fail(c, GRPC_STATUS_UNAUTHENTICATED, msg);
        return false;
    }
    return true;
}

static bool auth_ok(sim_server *s, sim_call *c, const sim_method *m)
{
    if (s->cfg->auth == SIM_AUTH_NONE || m->no_auth) return true;
    const char *tok = sim_call_header(c, "x-ydb-auth-ticket");
    if (!tok || !*tok) {
        grpc_fail(c, GRPC_STATUS_UNAUTHENTICATED, "unauthenticated, token is required");
        return false;
    }
    if (s->cfg->auth == SIM_AUTH_TOKEN) {
        if (strcmp(tok, s->cfg->auth_token) == 0) {
            c->user = "root";
            return true;
        }
    } else if (check_issued_token(s, c->arena, tok, &c->user)) {
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
        grpc_fail(c, GRPC_STATUS_UNIMPLEMENTED, "ydbsim: method not implemented");
        log_call(s, c, path);
        gpr_free(path);
        kick(c);
        return;
    }
    const sim_method *m = c->m;
    c->fault = sim_faults_check(&s->cfg->faults, m->path);
    if (c->fault.drop) {
        log_call(s, c, m->path);
        /* No reply: the call ends when grpc sees the connection die (close_done). */
        drop_connection(c);
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
        drop_replies(c);
        c->finishing = true;
        if (c->fault.grpc_status) {
            grpc_fail(c, (grpc_status_code)c->fault.grpc_status, "ydbsim: injected failure");
        } else {
            sim_issue is = {.message = "ydbsim: injected failure", .code = c->fault.issue_code, .severity = 1};
            if (m->shape == SIM_SHAPE_OP) sim_reply_op(c, c->fault.ydb_status, &is, 1, NULL, NULL);
            else sim_reply_st(c, c->fault.ydb_status, &is, 1);
        }
    }
    if (c->gstatus != GRPC_STATUS_OK) drop_replies(c);
    if (!c->attached) c->finishing = true;
    log_call(s, c, m->path);
    if (c->fault.delay_ms) {
        c->delayed = true;
        c->due = gpr_time_add(gpr_now(GPR_CLOCK_MONOTONIC), gpr_time_from_millis(c->fault.delay_ms, GPR_TIMESPAN));
    }
    kick(c);
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
        kick(due);
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
        session_free(s, ss, true);
    }
    if (s->server) grpc_server_destroy(s->server);
    if (s->cq) grpc_completion_queue_destroy(s->cq);
    free(s->registered);
    if (s->log) fclose(s->log);
    free(s);
}
