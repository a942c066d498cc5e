/* driver.c - migrun's YDB driver (driver.h): connection, credentials, sessions, queries,
 * transactions, retries, DescribeTable, folders. The gRPC plumbing is in rpc.c, values in
 * value.c. References: ../shared/reference/ydb-protocol.md (§10 for the behaviour).
 *
 * Ownership: a ydb_conn owns its channel, its sessions, copies of every option string
 * (the secret ones are wiped before they are freed) and the text of the last error it
 * reported (ydb_error strings stay valid until the next failing call on the connection or
 * ydb_close; ydb_connect's failure text lives in the caller's arena). Nothing is global
 * but grpc's own reference-counted init.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <grpc/grpc.h>
#include <grpc/grpc_security.h>
#include <grpc/support/time.h>

#include "../../common/arena.h"
#include "../../common/buf.h"
#include "grpclog.h"
#include "internal.h"
#include "rpc.h"
#include "url.h"
#include "ydb/ydb_auth.pb-c.h"
#include "ydb/ydb_discovery.pb-c.h"
#include "ydb/ydb_query.pb-c.h"
#include "ydb/ydb_scheme.pb-c.h"
#include "ydb/ydb_table.pb-c.h"

#ifndef MIG_VERSION
#define MIG_VERSION "0"
#endif

enum { ST_SUCCESS = 400000, ST_BAD_REQUEST = 400010, ST_UNAUTHORIZED = 400020, ST_ABORTED = 400040,
       ST_UNAVAILABLE = 400050, ST_OVERLOADED = 400060, ST_SCHEME_ERROR = 400070, ST_GENERIC_ERROR = 400080,
       ST_TIMEOUT = 400090, ST_BAD_SESSION = 400100, ST_NOT_FOUND = 400140, ST_SESSION_EXPIRED = 400150,
       ST_UNDETERMINED = 400170, ST_SESSION_BUSY = 400190 };

enum { LOG_DEBUG = 0, LOG_INFO = 1 };
enum { SESS_NONE = 0, SESS_QUERY = 1, SESS_TABLE = 2 };
enum { BACKOFF_NONE, BACKOFF_INSTANT, BACKOFF_FAST, BACKOFF_SLOW };

struct ydb_conn {
    char *url_shown;   /* scheme://host:port/database, for messages */
    char *target;      /* host:port for grpc */
    char *database;
    bool tls;
    ydb_auth_kind auth;
    char *token;       /* access token, or the one Login issued */
    time_t token_renew;/* static: log in again from then on (0: never) */
    char *user, *password;
    char *app_name;
    char *ca_pem;
    int connect_timeout_ms, call_timeout_ms, retry_budget_ms;
    int default_call_timeout_ms; /* ydb_options.call_timeout_ms, or its default */
    void (*log)(void *ud, int level, const char *msg);
    void *log_ud;
    grpc_channel *ch;
    bool grpc_inited;
    /* the query session and its AttachSession stream */
    char *qs_id;
    rpc_attach qs_attach;
    bool qs_recycle;   /* the server hinted session-close: replace it before the next use */
    bool tx_open;
    /* the table session (DescribeTable) */
    char *ts_id;
    unsigned rnd;
    int fail_backoff_hint; /* the backoff the last failed commit asks for */
    int64_t failing_since; /* when the current run of failures began (monotonic ms); 0: none */
    /* the text behind the last ydb_error */
    char *err_name, *err_msg;
};

struct ydb_tx {
    ydb_conn *c;
    char *id;           /* NULL until the first statement began it */
    bool failed;        /* a statement failed: YDB has ended the transaction */
    bool rerun;         /* ... and running the whole transaction again may succeed */
    int fail_backoff;
    int fail_gs, fail_ys;
    char *fail_msg;
    bool committed;     /* its last statement committed it (ydb_tx_exec_commit) */
};

/* An error on its way to a ydb_error. */
typedef struct yerr {
    int gs, ys;
    const char *local;   /* a status name of our own ("BAD_PARAMETER"), when neither */
    mig_buf msg;
    bool never_sent;     /* the call provably did not reach the server */
    int session;         /* SESS_*: which session the failure concerns */
    bool final_abort;    /* ABORTED with an issue that says a rerun cannot succeed */
} yerr;

static void yerr_free(yerr *e)
{
    mig_buf_free(&e->msg);
    memset(e, 0, sizeof *e);
}

__attribute__((format(printf, 2, 3))) static void yerr_msg(yerr *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mig_buf_reset(&e->msg);
    mig_buf_vprintf(&e->msg, fmt, ap);
    va_end(ap);
}

static void wipe_free(char *s)
{
    if (!s) return;
    volatile char *p = s;
    while (*p) *p++ = 0;
    free(s);
}

static char *xstrdup0(const char *s) { return s ? mig_xstrdup(s) : NULL; }

__attribute__((format(printf, 3, 4))) static void say(ydb_conn *c, int level, const char *fmt, ...)
{
    if (!c->log) return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    c->log(c->log_ud, level, buf);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* ---------------------------------------------------------------- issues and statuses */

/* The messages of a tree of issues, depth first, each once. An explicit stack: the tree
 * comes from the server, and its depth must not decide ours. */
static void flatten_issues(mig_buf *b, Ydb__Issue__IssueMessage *const *is, size_t n)
{
    struct level { Ydb__Issue__IssueMessage *const *is; size_t n, next; } *stack = NULL;
    size_t depth = 0, cap = 0;
    struct level cur = {is, n, 0};
    for (;;) {
        if (cur.next == cur.n) {
            if (!depth) break;
            cur = stack[--depth];
            continue;
        }
        const Ydb__Issue__IssueMessage *m = cur.is[cur.next++];
        if (!m) continue;
        if (m->message && *m->message && !strstr(mig_buf_str(b), m->message)) {
            if (b->len) mig_buf_puts(b, "; ");
            mig_buf_puts(b, m->message);
        }
        if (!m->n_issues) continue;
        if (depth == cap) {
            cap = cap ? cap * 2 : 16;
            stack = mig_xrealloc(stack, cap * sizeof *stack);
        }
        stack[depth++] = cur;
        cur = (struct level){m->issues, m->n_issues, 0};
    }
    free(stack);
}

/* Issue 200509 (the datashard's program size limit: the query itself is too large) makes an
 * ABORTED final; the Go SDK does not retry it (reference §10.2, decision 0017). */
enum { ISSUE_PROGRAM_TOO_LARGE = 200509 };

static bool has_issue_code(Ydb__Issue__IssueMessage *const *is, size_t n, uint32_t code)
{
    for (size_t i = 0; i < n; i++)
        if (is[i] && (is[i]->issue_code == code || has_issue_code(is[i]->issues, is[i]->n_issues, code))) return true;
    return false;
}

static void set_ydb_status(yerr *e, int status, Ydb__Issue__IssueMessage *const *is, size_t n)
{
    e->gs = 0;
    e->ys = status;
    e->final_abort = status == ST_ABORTED && has_issue_code(is, n, ISSUE_PROGRAM_TOO_LARGE);
    mig_buf_reset(&e->msg);
    flatten_issues(&e->msg, is, n);
    if (!e->msg.len) {
        const char *nm = ydb_status_name(status);
        mig_buf_printf(&e->msg, "YDB answered %s", nm ? nm : "an unknown status");
    }
}

static bool icontains(const char *hay, const char *needle)
{
    if (!hay) return false;
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0) return true;
    return false;
}

/* A transport failure. Connection failures (nothing was sent) are told apart by grpc's
 * wording, which names the connect step. */
static void set_transport(ydb_conn *c, yerr *e, const rpc_status *st)
{
    e->gs = (int)st->gs;
    e->ys = 0;
    const char *d = st->details ? st->details : "";
    e->never_sent = st->gs == GRPC_STATUS_UNAVAILABLE && !st->got_message &&
                    (icontains(d, "failed to connect") || icontains(d, "connection refused") ||
                     icontains(d, "DNS resolution failed") || icontains(d, "handshake") ||
                     icontains(d, "connections to all backends failing") || icontains(d, "empty address list"));
    mig_buf_reset(&e->msg);
    if (e->never_sent) {
        mig_buf_printf(&e->msg, "cannot connect to %s: %s", c->target, *d ? d : "unavailable");
        if (icontains(d, "handshake") || icontains(d, "ssl") || icontains(d, "certificate"))
            mig_buf_printf(&e->msg, " (the TLS handshake failed: %s)",
                           c->ca_pem ? "does the CA file sign the server's certificate?"
                                     : "a server with a private CA needs its CA file: --ca-file, or ca_file in mig.ini's [migrun]");
    } else if (st->gs == GRPC_STATUS_DEADLINE_EXCEEDED) {
        mig_buf_printf(&e->msg, "no answer from %s in time (%s)", c->target, *d ? d : "deadline exceeded");
    } else if (st->gs == GRPC_STATUS_UNAVAILABLE) {
        mig_buf_printf(&e->msg, "the connection to %s was lost (%s)", c->target, *d ? d : "unavailable");
    } else {
        mig_buf_puts(&e->msg, *d ? d : rpc_grpc_status_name(st->gs));
    }
}

typedef struct cls {
    bool always;        /* the SDKs retry it whatever the operation */
    bool idem;          /* only when the operation is idempotent */
    bool undetermined;  /* it may have taken effect */
    int backoff;
    bool drop_session;
} cls;

/* §10.2 (the Go SDK's table), with §10.3 where Go says nothing. */
static cls classify(const yerr *e)
{
    cls k = {false, false, false, BACKOFF_NONE, false};
    if (e->local) return k;
    if (e->gs == 0) {
        switch (e->ys) {
        case ST_UNAVAILABLE: k.always = true; k.backoff = BACKOFF_FAST; break;
        case ST_OVERLOADED: k.always = true; k.backoff = BACKOFF_SLOW; break;
        case ST_BAD_SESSION: k.always = true; k.backoff = BACKOFF_INSTANT; k.drop_session = true; break;
        case ST_SESSION_BUSY: k.always = true; k.backoff = BACKOFF_FAST; k.drop_session = true; break;
        case ST_ABORTED:
            k.always = !e->final_abort;
            k.backoff = BACKOFF_FAST;
            break;
        case ST_UNDETERMINED: k.idem = true; k.undetermined = true; k.backoff = BACKOFF_FAST; break;
        case ST_SESSION_EXPIRED: k.idem = true; k.backoff = BACKOFF_INSTANT; k.drop_session = true; break;
        case ST_TIMEOUT: k.idem = true; k.undetermined = true; k.backoff = BACKOFF_INSTANT; break;
        case ST_GENERIC_ERROR:
            if (icontains(mig_buf_str((mig_buf *)&e->msg), "schema operations, try again later")) {
                k.always = true;
                k.backoff = BACKOFF_SLOW;
            }
            break;
        default: break;
        }
        return k;
    }
    if (e->never_sent) {
        k.always = true;
        k.backoff = BACKOFF_FAST;
        return k;
    }
    switch (e->gs) {
    case GRPC_STATUS_RESOURCE_EXHAUSTED:
        if (!icontains(mig_buf_str((mig_buf *)&e->msg), "larger than max")) {
            k.always = true;
            k.backoff = BACKOFF_SLOW;
        }
        break;
    case GRPC_STATUS_ABORTED: k.always = true; k.backoff = BACKOFF_FAST; k.drop_session = true; break;
    case GRPC_STATUS_DEADLINE_EXCEEDED:
        /* Our own deadline: the caller's budget for this call is spent, and running it
         * again would spend it again. Not retried; the outcome is unknown. */
        k.undetermined = true;
        k.drop_session = true;
        break;
    case GRPC_STATUS_INTERNAL: case GRPC_STATUS_CANCELLED:
    case GRPC_STATUS_UNAVAILABLE: case GRPC_STATUS_UNKNOWN:
        k.idem = true;
        k.undetermined = true;
        k.backoff = BACKOFF_FAST;
        k.drop_session = true;
        break;
    default:
        k.drop_session = true;
        break;
    }
    return k;
}

/* The wait before the next attempt: fast (5 ms doubling to 320 ms) or slow (1 s doubling to
 * 8 s, for OVERLOADED), jittered to [d/2, d]. No wait goes past the retry budget: the last
 * one ends where the budget does, and one more attempt follows it. */
static int backoff_ms(ydb_conn *c, int kind, int attempt)
{
    int slot = kind == BACKOFF_SLOW ? 1000 : kind == BACKOFF_FAST ? 5 : 0;
    if (!slot) return 0;
    int ceiling = kind == BACKOFF_SLOW ? 3 : 6;
    int d = slot << (attempt < ceiling ? attempt : ceiling);
    d = d / 2 + (int)(rand_r(&c->rnd) % (unsigned)(d / 2 + 1));
    if (c->failing_since) {
        int64_t left = c->retry_budget_ms - (now_ms() - c->failing_since) - 1;
        if (left < d) d = left > 0 ? (int)left : 0;
    }
    return d;
}

/* The retry budget bounds a run of failures, not one operation: it starts at the first
 * failure after a success, so retries nested in migrun's own (a transaction retried inside
 * a step retried) share it and a dead server ends every loop within it. */
static bool budget_allows(ydb_conn *c, int delay)
{
    int64_t now = now_ms();
    if (!c->failing_since) c->failing_since = now;
    return now - c->failing_since + delay < c->retry_budget_ms;
}

/* The status of a failure, by name: "ABORTED", "UNAVAILABLE" (gRPC's by its own name). */
static const char *yerr_status(const yerr *e)
{
    if (e->gs) return rpc_grpc_status_name((grpc_status_code)e->gs);
    return ydb_status_name(e->ys) ? ydb_status_name(e->ys) : "error";
}

/* "retrying: UNAVAILABLE, attempt 3, next in 4 s (what: message)" at INFO. */
static void say_retry(ydb_conn *c, const char *what, const char *status, const char *msg, int attempt, int delay)
{
    char next[32];
    if (delay >= 1000) snprintf(next, sizeof next, "%d s", (delay + 500) / 1000);
    else snprintf(next, sizeof next, "%d ms", delay);
    say(c, LOG_INFO, "retrying: %s, attempt %d, next in %s (%s: %s)", status, attempt, next, what,
        msg && *msg ? msg : "no detail");
}

/* The error for people: into the connection's slots (or `a` when given). */
static void fill_err(ydb_conn *c, mig_arena *a, ydb_error *err, const yerr *e, const cls *k, bool retryable)
{
    if (!err) return;
    memset(err, 0, sizeof *err);
    err->grpc_status = e->gs;
    err->ydb_status = e->ys;
    char name[64];
    if (e->local) snprintf(name, sizeof name, "%s", e->local);
    else if (e->gs) snprintf(name, sizeof name, "%s (gRPC)", rpc_grpc_status_name((grpc_status_code)e->gs));
    else if (ydb_status_name(e->ys)) snprintf(name, sizeof name, "%s", ydb_status_name(e->ys));
    else snprintf(name, sizeof name, "STATUS %d", e->ys);
    const char *msg = mig_buf_str((mig_buf *)&e->msg);
    if (a) {
        err->status_name = mig_strdup(a, name);
        err->message = mig_strdup(a, msg);
    } else {
        free(c->err_name);
        free(c->err_msg);
        c->err_name = mig_xstrdup(name);
        c->err_msg = mig_xstrdup(msg);
        err->status_name = c->err_name;
        err->message = c->err_msg;
    }
    err->retryable = retryable;
    err->undetermined = k->undetermined && !e->never_sent;
}

static void local_err(ydb_conn *c, mig_arena *a, ydb_error *err, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void local_err(ydb_conn *c, mig_arena *a, ydb_error *err, const char *name, const char *fmt, ...)
{
    yerr e;
    memset(&e, 0, sizeof e);
    e.local = name;
    va_list ap;
    va_start(ap, fmt);
    mig_buf_vprintf(&e.msg, fmt, ap);
    va_end(ap);
    cls k = classify(&e);
    fill_err(c, a, err, &e, &k, false);
    yerr_free(&e);
}

/* ---------------------------------------------------------------- calls */

static rpc_headers headers(const ydb_conn *c, bool auth)
{
    rpc_headers h = {c->database, auth ? c->token : NULL, "migrun/" MIG_VERSION, c->app_name};
    return h;
}

/* An Op-shape reply: status SUCCESS and (when rd) the result unpacked. */
static int op_result(const Ydb__Operations__Operation *op, const ProtobufCMessageDescriptor *rd,
                     ProtobufCMessage **result, yerr *e)
{
    if (result) *result = NULL;
    if (!op) {
        set_ydb_status(e, 0, NULL, 0);
        yerr_msg(e, "the server's reply has no operation");
        e->gs = GRPC_STATUS_INTERNAL;
        return -1;
    }
    if (op->status != YDB__STATUS_IDS__STATUS_CODE__SUCCESS) {
        set_ydb_status(e, (int)op->status, op->issues, op->n_issues);
        return -1;
    }
    if (!rd) return 0;
    const char *want = rd->name; /* "Ydb.Table.DescribeTableResult" */
    const char *url = op->result && op->result->type_url ? op->result->type_url : "";
    const char *slash = strrchr(url, '/');
    if (!op->result || strcmp(slash ? slash + 1 : url, want) != 0 ||
        !(*result = protobuf_c_message_unpack(rd, NULL, op->result->value.len, op->result->value.data))) {
        e->gs = GRPC_STATUS_INTERNAL;
        yerr_msg(e, "the server's reply does not hold a %s", want);
        return -1;
    }
    return 0;
}

/* A unary call with a deadline and the connection's headers; the reply, or NULL with *e. */
static ProtobufCMessage *call(ydb_conn *c, const char *method, const ProtobufCMessage *req,
                              const ProtobufCMessageDescriptor *rd, int timeout_ms, bool auth, yerr *e)
{
    say(c, LOG_DEBUG, "call %s", method);
    rpc_headers h = headers(c, auth);
    rpc_status st;
    ProtobufCMessage *r = rpc_unary(c->ch, method, &h, req, rd, timeout_ms, &st);
    if (!r) set_transport(c, e, &st);
    if (st.session_close && c->qs_id) c->qs_recycle = true;
    rpc_status_clear(&st);
    return r;
}

/* ---------------------------------------------------------------- credentials */

static int b64url_val(int ch)
{
    if (ch >= 'A' && ch <= 'Z') return ch - 'A';
    if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9') return ch - '0' + 52;
    if (ch == '-' || ch == '+') return 62;
    if (ch == '_' || ch == '/') return 63;
    return -1;
}

/* The "exp" claim of a JWT-shaped token, 0 when there is none (the signature is not ours
 * to check). */
static long long jwt_exp(const char *tok)
{
    const char *p = strchr(tok, '.');
    if (!p) return 0;
    const char *q = strchr(++p, '.');
    if (!q) return 0;
    size_t n = (size_t)(q - p);
    char *json = mig_xmalloc(n + 1);
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64url_val((unsigned char)p[i]);
        if (v < 0) break;
        acc = acc << 6 | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            json[o++] = (char)((acc >> bits) & 0xff);
        }
    }
    json[o] = 0;
    long long exp = 0;
    const char *e = strstr(json, "\"exp\"");
    if (e) {
        e += 5;
        while (*e == ' ' || *e == ':') e++;
        exp = strtoll(e, NULL, 10);
    }
    free(json);
    return exp;
}

static int login(ydb_conn *c, int timeout_ms, yerr *e)
{
    Ydb__Auth__LoginRequest req = YDB__AUTH__LOGIN_REQUEST__INIT;
    req.user = c->user;
    req.password = c->password;
    Ydb__Auth__LoginResponse *resp =
        (Ydb__Auth__LoginResponse *)call(c, "/Ydb.Auth.V1.AuthService/Login", &req.base,
                                         &ydb__auth__login_response__descriptor, timeout_ms, false, e);
    if (!resp) return -1;
    ProtobufCMessage *res = NULL;
    int rc = op_result(resp->operation, &ydb__auth__login_result__descriptor, &res, e);
    protobuf_c_message_free_unpacked(&resp->base, NULL);
    if (rc) {
        char *why = mig_xstrdup(mig_buf_str(&e->msg));
        yerr_msg(e, "logging in to %s as user '%s' failed: %s", c->url_shown, c->user, why);
        free(why);
        return -1;
    }
    Ydb__Auth__LoginResult *lr = (Ydb__Auth__LoginResult *)res;
    wipe_free(c->token);
    c->token = mig_xstrdup(lr->token ? lr->token : "");
    protobuf_c_message_free_unpacked(res, NULL);
    time_t now = time(NULL);
    long long exp = jwt_exp(c->token);
    /* again at half the token's life (Go's rule); 30 minutes assumed when it says none */
    c->token_renew = exp > now ? now + (time_t)(exp - now) / 2 : now + 15 * 60;
    say(c, LOG_DEBUG, "logged in as %s", c->user);
    return 0;
}

/* ---------------------------------------------------------------- sessions */

static void qsession_drop(ydb_conn *c)
{
    rpc_attach_close(&c->qs_attach);
    free(c->qs_id);
    c->qs_id = NULL;
    c->qs_recycle = false;
}

static void qsession_delete(ydb_conn *c)
{
    if (!c->qs_id) return;
    Ydb__Query__DeleteSessionRequest req = YDB__QUERY__DELETE_SESSION_REQUEST__INIT;
    req.session_id = c->qs_id;
    yerr e;
    memset(&e, 0, sizeof e);
    ProtobufCMessage *r = call(c, "/Ydb.Query.V1.QueryService/DeleteSession", &req.base,
                               &ydb__query__delete_session_response__descriptor, 2000, true, &e);
    if (r) protobuf_c_message_free_unpacked(r, NULL);
    yerr_free(&e);
    qsession_drop(c);
}

/* A live query session: the one we have when its AttachSession stream is still open,
 * a new one otherwise (CreateSession, then AttachSession and its first SUCCESS). */
static int qsession(ydb_conn *c, int timeout_ms, yerr *e)
{
    if (c->qs_id && !c->qs_recycle && rpc_attach_alive(&c->qs_attach)) return 0;
    if (c->qs_id) {
        say(c, LOG_DEBUG, "the query session ended; opening a new one");
        if (c->qs_recycle) qsession_delete(c);
        else qsession_drop(c);
    }
    Ydb__Query__CreateSessionRequest req = YDB__QUERY__CREATE_SESSION_REQUEST__INIT;
    Ydb__Query__CreateSessionResponse *resp = (Ydb__Query__CreateSessionResponse *)call(
        c, "/Ydb.Query.V1.QueryService/CreateSession", &req.base,
        &ydb__query__create_session_response__descriptor, timeout_ms, true, e);
    if (!resp) return -1;
    if (resp->status != YDB__STATUS_IDS__STATUS_CODE__SUCCESS || !resp->session_id || !*resp->session_id) {
        set_ydb_status(e, (int)resp->status, resp->issues, resp->n_issues);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return -1;
    }
    char *id = mig_xstrdup(resp->session_id);
    protobuf_c_message_free_unpacked(&resp->base, NULL);
    rpc_headers h = headers(c, true);
    int ys = 0;
    rpc_status st;
    say(c, LOG_DEBUG, "call /Ydb.Query.V1.QueryService/AttachSession");
    if (rpc_attach_open(&c->qs_attach, c->ch, &h, id, timeout_ms, &ys, &st) != 0) {
        if (ys) set_ydb_status(e, ys, NULL, 0);
        else set_transport(c, e, &st);
        rpc_status_clear(&st);
        free(id);
        e->session = SESS_QUERY;
        return -1;
    }
    rpc_status_clear(&st);
    c->qs_id = id;
    return 0;
}

static int tsession(ydb_conn *c, int timeout_ms, yerr *e)
{
    if (c->ts_id) return 0;
    Ydb__Table__CreateSessionRequest req = YDB__TABLE__CREATE_SESSION_REQUEST__INIT;
    Ydb__Table__CreateSessionResponse *resp = (Ydb__Table__CreateSessionResponse *)call(
        c, "/Ydb.Table.V1.TableService/CreateSession", &req.base,
        &ydb__table__create_session_response__descriptor, timeout_ms, true, e);
    if (!resp) return -1;
    ProtobufCMessage *res = NULL;
    int rc = op_result(resp->operation, &ydb__table__create_session_result__descriptor, &res, e);
    protobuf_c_message_free_unpacked(&resp->base, NULL);
    if (rc) return -1;
    c->ts_id = mig_xstrdup(((Ydb__Table__CreateSessionResult *)res)->session_id);
    protobuf_c_message_free_unpacked(res, NULL);
    return 0;
}

static void tsession_delete(ydb_conn *c)
{
    if (!c->ts_id) return;
    Ydb__Table__DeleteSessionRequest req = YDB__TABLE__DELETE_SESSION_REQUEST__INIT;
    req.session_id = c->ts_id;
    yerr e;
    memset(&e, 0, sizeof e);
    ProtobufCMessage *r = call(c, "/Ydb.Table.V1.TableService/DeleteSession", &req.base,
                               &ydb__table__delete_session_response__descriptor, 2000, true, &e);
    if (r) protobuf_c_message_free_unpacked(r, NULL);
    yerr_free(&e);
    free(c->ts_id);
    c->ts_id = NULL;
}

static void drop_session(ydb_conn *c, int which)
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

/* ---------------------------------------------------------------- retries */

typedef int (*op_fn)(ydb_conn *c, void *ud, yerr *e);

/* Static credentials: log in again when the token is half-way through its life. */
static int fresh_token(ydb_conn *c, yerr *e)
{
    if (c->auth != YDB_AUTH_STATIC || !c->token_renew || time(NULL) < c->token_renew) return 0;
    return login(c, c->call_timeout_ms, e);
}

static bool auth_rejected(const yerr *e)
{
    return e->gs == GRPC_STATUS_UNAUTHENTICATED || (e->gs == 0 && e->ys == ST_UNAUTHORIZED);
}

/* Run op until it succeeds, fails for good, or the budget is spent (§10.2): statuses the
 * SDKs always retry are retried (they prove the statement did not run: the session or the
 * server refused it), the "idempotent only" ones only for idempotent operations; the
 * sessions they spoil are replaced; a rejected static token is renewed once. */
static int with_retry(ydb_conn *c, const char *what, bool idempotent, op_fn fn, void *ud, ydb_error *err)
{
    bool relogged = false;
    for (int attempt = 0;; attempt++) {
        yerr e;
        memset(&e, 0, sizeof e);
        int rc = fresh_token(c, &e);
        if (rc == 0) rc = fn(c, ud, &e);
        if (rc == 0) {
            yerr_free(&e);
            c->failing_since = 0;
            return 0;
        }
        cls k = classify(&e);
        if (k.drop_session && e.session) drop_session(c, e.session);
        if (auth_rejected(&e) && c->auth == YDB_AUTH_STATIC && !relogged) {
            relogged = true;
            yerr le;
            memset(&le, 0, sizeof le);
            say(c, LOG_INFO, "%s: the token was refused; logging in again", what);
            if (login(c, c->call_timeout_ms, &le) == 0) {
                yerr_free(&le);
                yerr_free(&e);
                continue;
            }
            cls lk = classify(&le);
            fill_err(c, NULL, err, &le, &lk, false);
            yerr_free(&le);
            yerr_free(&e);
            return -1;
        }
        bool retry = k.always || (k.idem && idempotent);
        int delay = retry ? backoff_ms(c, k.backoff, attempt) : 0;
        if (retry && budget_allows(c, delay)) {
            say_retry(c, what, yerr_status(&e), mig_buf_str(&e.msg), attempt + 2, delay);
            yerr_free(&e);
            if (delay) sleep_ms(delay);
            continue;
        }
        fill_err(c, NULL, err, &e, &k, retry);
        yerr_free(&e);
        return -1;
    }
}

/* ---------------------------------------------------------------- ExecuteQuery */

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
    bool fail_final;   /* ABORTED that a rerun cannot cure (set_ydb_status) */
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
        flatten_issues(&x->fail_msg, p->issues, p->n_issues);
        x->fail_final = x->fail_status == ST_ABORTED && has_issue_code(p->issues, p->n_issues, ISSUE_PROGRAM_TOO_LARGE);
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
    if (qsession(c, c->call_timeout_ms, e) != 0) return -1;

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
    say(c, LOG_DEBUG, "call /Ydb.Query.V1.QueryService/ExecuteQuery");
    rpc_headers h = headers(c, true);
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
        set_transport(c, e, &st);
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
        local_err(c, NULL, err, "BAD_CALL", "results need an arena");
        return -1;
    }
    exec_ctx x;
    exec_init(&x, yql, params, nparams, a, res, NULL);
    int rc = with_retry(c, exec_what(&x), idempotent, exec_once, &x, err);
    exec_reset(&x);
    return rc;
}

/* ---------------------------------------------------------------- transactions */

static int ensure_qsession(ydb_conn *c, void *ud, yerr *e)
{
    (void)ud;
    return qsession(c, c->call_timeout_ms, e);
}

int ydb_tx_begin(ydb_conn *c, ydb_tx **out, ydb_error *err)
{
    *out = NULL;
    if (c->tx_open) {
        local_err(c, NULL, err, "BAD_CALL", "a transaction is already open on this connection");
        return -1;
    }
    if (with_retry(c, "opening a session", true, ensure_qsession, NULL, err) != 0) return -1;
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

static void tx_fail(ydb_tx *tx, const yerr *e, const cls *k)
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
        local_err(c, NULL, err, "BAD_CALL", "results need an arena");
        return -1;
    }
    if (tx->committed) {
        local_err(c, NULL, err, "BAD_CALL", "the transaction was committed by its last statement");
        return -1;
    }
    if (tx->failed) {
        local_err(c, NULL, err, "BAD_CALL", "the transaction has already failed (%s); begin a new one",
                  tx->fail_msg ? tx->fail_msg : "an earlier statement");
        err->retryable = tx->rerun;
        return -1;
    }
    exec_ctx x;
    exec_init(&x, yql, params, nparams, a, res, tx);
    x.commit = commit;
    yerr e;
    memset(&e, 0, sizeof e);
    int rc = fresh_token(c, &e);
    if (rc == 0) rc = exec_once(c, &x, &e);
    if (rc != 0) {
        cls k = classify(&e);
        if (k.drop_session && e.session) {
            c->tx_open = false; /* the session goes; so does the transaction */
            drop_session(c, e.session);
            c->tx_open = true;
        }
        if (!commit) {
            if (!e.local) tx_fail(tx, &e, &k);
            fill_err(c, NULL, err, &e, &k, !e.local && (k.always || k.idem));
            err->undetermined = false; /* nothing was committed */
        } else {
            /* as a commit: an outcome that may be a success must not be run again */
            bool retry = !e.local && k.always && !k.undetermined && !(e.gs && !e.never_sent);
            if (!e.local) {
                tx_fail(tx, &e, &k);
                tx->rerun = retry;
            }
            fill_err(c, NULL, err, &e, &k, retry);
        }
    } else if (commit) {
        tx->committed = true;
    }
    yerr_free(&e);
    exec_reset(&x);
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
        cls k = classify(&e);
        fill_err(c, NULL, err, &e, &k, tx->rerun);
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
    Ydb__Query__CommitTransactionResponse *resp = (Ydb__Query__CommitTransactionResponse *)call(
        c, "/Ydb.Query.V1.QueryService/CommitTransaction", &req.base,
        &ydb__query__commit_transaction_response__descriptor, c->call_timeout_ms, true, &e);
    e.session = SESS_QUERY;
    if (resp) {
        if (resp->status == YDB__STATUS_IDS__STATUS_CODE__SUCCESS) rc = 0;
        else set_ydb_status(&e, (int)resp->status, resp->issues, resp->n_issues);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
    }
    if (rc != 0) {
        cls k = classify(&e);
        c->tx_open = false;
        if (k.drop_session) drop_session(c, SESS_QUERY);
        /* a commit whose outcome is unknown must not be run again */
        bool retry = k.always && !k.undetermined && !(e.gs && !e.never_sent);
        fill_err(c, NULL, err, &e, &k, retry);
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
        ProtobufCMessage *r = call(c, "/Ydb.Query.V1.QueryService/RollbackTransaction", &req.base,
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
        int delay = backoff_ms(c, backoff, attempt);
        if (!budget_allows(c, delay)) return -1;
        say_retry(c, "transaction", err->status_name, err->message, attempt + 2, delay);
        if (delay) sleep_ms(delay);
    }
}

/* ---------------------------------------------------------------- scheme */

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

typedef struct describe_ctx {
    const char *path;       /* full */
    mig_arena *a;
    mig_p_table *out;
    const char *rel;
    bool missing;
} describe_ctx;

static int describe_once(ydb_conn *c, void *ud, yerr *e)
{
    describe_ctx *d = ud;
    if (tsession(c, c->call_timeout_ms, e) != 0) return -1;
    Ydb__Table__DescribeTableRequest req = YDB__TABLE__DESCRIBE_TABLE_REQUEST__INIT;
    req.session_id = c->ts_id;
    req.path = (char *)d->path;
    Ydb__Table__DescribeTableResponse *resp = (Ydb__Table__DescribeTableResponse *)call(
        c, "/Ydb.Table.V1.TableService/DescribeTable", &req.base, &ydb__table__describe_table_response__descriptor,
        c->call_timeout_ms, true, e);
    e->session = SESS_TABLE;
    if (!resp) return -1;
    ProtobufCMessage *res = NULL;
    int rc = op_result(resp->operation, &ydb__table__describe_table_result__descriptor, &res, e);
    protobuf_c_message_free_unpacked(&resp->base, NULL);
    if (rc) {
        if (not_found(e)) {
            d->missing = true;
            return 0;
        }
        return -1;
    }
    ydb_describe_fill(d->a, d->rel, (const Ydb__Table__DescribeTableResult *)res, d->out);
    protobuf_c_message_free_unpacked(res, NULL);
    return 0;
}

int ydb_describe_table(ydb_conn *c, const char *path, mig_arena *a, mig_p_table *out, ydb_error *err)
{
    memset(out, 0, sizeof *out);
    describe_ctx d = {full_path(c, a, path), a, out, path, false};
    if (with_retry(c, "DescribeTable", true, describe_once, &d, err) != 0) return -1;
    return d.missing ? 1 : 0;
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
    Ydb__Scheme__MakeDirectoryResponse *resp = (Ydb__Scheme__MakeDirectoryResponse *)call(
        c, "/Ydb.Scheme.V1.SchemeService/MakeDirectory", &req.base, &ydb__scheme__make_directory_response__descriptor,
        c->call_timeout_ms, true, e);
    if (!resp) return -1;
    int rc = op_result(resp->operation, NULL, NULL, e);
    protobuf_c_message_free_unpacked(&resp->base, NULL);
    return rc;
}

int ydb_make_directory(ydb_conn *c, const char *path, ydb_error *err)
{
    mig_arena *a = mig_arena_new();
    dir_ctx d = {full_path(c, a, path), NULL, NULL, NULL, NULL};
    int rc = with_retry(c, "MakeDirectory", true, mkdir_once, &d, err);
    mig_arena_free(a);
    return rc;
}

static int list_once(ydb_conn *c, void *ud, yerr *e)
{
    dir_ctx *d = ud;
    Ydb__Scheme__ListDirectoryRequest req = YDB__SCHEME__LIST_DIRECTORY_REQUEST__INIT;
    req.path = (char *)d->path;
    Ydb__Scheme__ListDirectoryResponse *resp = (Ydb__Scheme__ListDirectoryResponse *)call(
        c, "/Ydb.Scheme.V1.SchemeService/ListDirectory", &req.base, &ydb__scheme__list_directory_response__descriptor,
        c->call_timeout_ms, true, e);
    if (!resp) return -1;
    ProtobufCMessage *res = NULL;
    int rc = op_result(resp->operation, &ydb__scheme__list_directory_result__descriptor, &res, e);
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
    return with_retry(c, "ListDirectory", true, list_once, &d, err);
}

int ydb_list_directory_typed(ydb_conn *c, const char *path, mig_arena *a, const char ***names, int **kinds, size_t *n,
                             ydb_error *err)
{
    *names = NULL;
    *kinds = NULL;
    *n = 0;
    dir_ctx d = {full_path(c, a, path), a, names, n, kinds};
    return with_retry(c, "ListDirectory", true, list_once, &d, err);
}

/* ---------------------------------------------------------------- connection */

const char *ydb_database(const ydb_conn *c) { return c->database; }


static char *read_file(const char *path, char *why, size_t whylen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, whylen, "%s", strerror(errno));
        return NULL;
    }
    mig_buf b = MIG_BUF_INIT;
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) mig_buf_add(&b, chunk, k);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        snprintf(why, whylen, "it could not be read");
        mig_buf_free(&b);
        return NULL;
    }
    char *r = mig_xstrdup(mig_buf_str(&b));
    mig_buf_free(&b);
    return r;
}

static void make_channel(ydb_conn *c)
{
    grpc_arg args[4];
    memset(args, 0, sizeof args);
    args[0].type = GRPC_ARG_INTEGER;
    args[0].key = (char *)GRPC_ARG_ENABLE_HTTP_PROXY;
    args[0].value.integer = 0;
    args[1].type = GRPC_ARG_INTEGER;
    args[1].key = (char *)GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH;
    args[1].value.integer = -1;
    args[2].type = GRPC_ARG_INTEGER;
    args[2].key = (char *)GRPC_ARG_MAX_SEND_MESSAGE_LENGTH;
    args[2].value.integer = 64 << 20;
    args[3].type = GRPC_ARG_STRING;
    args[3].key = (char *)GRPC_ARG_PRIMARY_USER_AGENT_STRING;
    args[3].value.string = (char *)"migrun/" MIG_VERSION;
    grpc_channel_args ca = {4, args};
    grpc_channel_credentials *cr = c->tls ? grpc_ssl_credentials_create(c->ca_pem, NULL, NULL, NULL)
                                          : grpc_insecure_credentials_create();
    c->ch = grpc_channel_create(c->target, cr, &ca);
    grpc_channel_credentials_release(cr);
}

static int discover(ydb_conn *c, int timeout_ms, yerr *e)
{
    Ydb__Discovery__ListEndpointsRequest req = YDB__DISCOVERY__LIST_ENDPOINTS_REQUEST__INIT;
    req.database = c->database;
    Ydb__Discovery__ListEndpointsResponse *resp = (Ydb__Discovery__ListEndpointsResponse *)call(
        c, "/Ydb.Discovery.V1.DiscoveryService/ListEndpoints", &req.base,
        &ydb__discovery__list_endpoints_response__descriptor, timeout_ms, true, e);
    if (!resp) return -1;
    ProtobufCMessage *res = NULL;
    int rc = op_result(resp->operation, &ydb__discovery__list_endpoints_result__descriptor, &res, e);
    protobuf_c_message_free_unpacked(&resp->base, NULL);
    if (rc) return -1;
    const Ydb__Discovery__ListEndpointsResult *lr = (const void *)res;
    char *pick = NULL;
    for (size_t i = 0; i < lr->n_endpoints && !pick; i++) {
        const Ydb__Discovery__EndpointInfo *ep = lr->endpoints[i];
        if (!ep->address || !*ep->address || !ep->port || (ep->ssl != 0) != c->tls) continue;
        size_t n = strlen(ep->address) + 16;
        pick = mig_xmalloc(n);
        snprintf(pick, n, strchr(ep->address, ':') ? "[%s]:%u" : "%s:%u", ep->address, (unsigned)ep->port);
    }
    protobuf_c_message_free_unpacked(res, NULL);
    if (!pick) {
        say(c, LOG_INFO, "discovery listed no %s endpoint; staying on %s", c->tls ? "TLS" : "plain", c->target);
        return 0;
    }
    if (strcmp(pick, c->target) != 0) {
        say(c, LOG_INFO, "discovery: using %s", pick);
        grpc_channel_destroy(c->ch);
        free(c->target);
        c->target = pick;
        make_channel(c);
    } else {
        free(pick);
    }
    return 0;
}

static void conn_free(ydb_conn *c)
{
    if (c->ch) {
        if (c->qs_id) qsession_delete(c);
        tsession_delete(c);
        grpc_channel_destroy(c->ch);
    }
    rpc_attach_close(&c->qs_attach);
    free(c->qs_id);
    free(c->ts_id);
    free(c->url_shown);
    free(c->target);
    free(c->database);
    wipe_free(c->token);
    free(c->user);
    wipe_free(c->password);
    free(c->app_name);
    free(c->ca_pem);
    free(c->err_name);
    free(c->err_msg);
    bool inited = c->grpc_inited;
    free(c);
    if (inited) {
        grpc_shutdown();
        /* A channel that failed to connect is torn down by grpc's own threads a moment
         * later, and the last grpc_shutdown then runs there, detached: give it a moment
         * so that no grpc thread outlives the module (bounded: another grpc user in the
         * process keeps grpc initialized, and then this gives up). */
        for (int i = 0; i < 100 && grpc_is_initialized(); i++) sleep_ms(10);
        ydb_grpclog_detach();
    }
}

int ydb_call_timeout(ydb_conn *c, int ms)
{
    int old = c->call_timeout_ms;
    c->call_timeout_ms = ms > 0 ? ms : c->default_call_timeout_ms;
    return old;
}

void ydb_close(ydb_conn *c)
{
    if (c) conn_free(c);
}

static int remaining(int64_t deadline)
{
    int64_t r = deadline - now_ms();
    return r < 1 ? 1 : (int)r;
}

int ydb_connect(mig_arena *a, const ydb_options *o, ydb_conn **out, ydb_error *err)
{
    *out = NULL;
    ydb_conn *c = mig_xmalloc(sizeof *c);
    memset(c, 0, sizeof *c);
    c->connect_timeout_ms = o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 10000;
    c->call_timeout_ms = o->call_timeout_ms > 0 ? o->call_timeout_ms : 60000;
    c->default_call_timeout_ms = c->call_timeout_ms;
    c->retry_budget_ms = o->retry_budget_ms > 0 ? o->retry_budget_ms : 120000;
    c->log = o->log;
    c->log_ud = o->log_ud;
    c->auth = o->auth;
    c->rnd = (unsigned)time(NULL) ^ (unsigned)getpid() ^ (unsigned)(uintptr_t)c;
    const char *why = NULL;
    if (!o->url || !*o->url) {
        local_err(c, a, err, "BAD_URL", "no database URL was given (such as grpc://localhost:2136/local)");
        conn_free(c);
        return -1;
    }
    if (ydb_url_parse(o->url, &c->tls, &c->target, &c->database, &why) != 0) {
        local_err(c, a, err, "BAD_URL", "the database URL '%s' is not usable: %s", o->url, why);
        conn_free(c);
        return -1;
    }
    size_t ul = strlen(c->target) + strlen(c->database) + 16;
    c->url_shown = mig_xmalloc(ul);
    snprintf(c->url_shown, ul, "%s://%s%s", c->tls ? "grpcs" : "grpc", c->target, c->database);
    if (o->auth == YDB_AUTH_TOKEN) {
        if (!o->token || !*o->token) {
            local_err(c, a, err, "BAD_CREDENTIALS", "token authentication needs a token");
            conn_free(c);
            return -1;
        }
        c->token = mig_xstrdup(o->token);
    } else if (o->auth == YDB_AUTH_STATIC) {
        if (!o->user || !*o->user) {
            local_err(c, a, err, "BAD_CREDENTIALS", "user/password authentication needs a user name");
            conn_free(c);
            return -1;
        }
        c->user = mig_xstrdup(o->user);
        c->password = mig_xstrdup(o->password ? o->password : "");
    }
    c->app_name = xstrdup0(o->app_name);
    if (o->ca_file && *o->ca_file) {
        char w[256];
        if (!c->tls) {
            local_err(c, a, err, "BAD_URL", "a CA file was given for %s, which does not use TLS (grpcs://)", c->url_shown);
            conn_free(c);
            return -1;
        }
        if (!(c->ca_pem = read_file(o->ca_file, w, sizeof w))) {
            local_err(c, a, err, "BAD_CA_FILE", "cannot read the CA file %s: %s", o->ca_file, w);
            conn_free(c);
            return -1;
        }
    }

    ydb_grpclog_attach(o->log, o->log_ud); /* before grpc_init: nothing of gRPC's goes out raw */
    grpc_init();
    c->grpc_inited = true;
    make_channel(c);
    yerr e;
    memset(&e, 0, sizeof e);
    int rc = 0;
    const char *step = "";
    /* A server that answered once (a lost reply, a transient status) is asked again within
     * the retry budget; one that cannot be reached, or refuses us, is said at once. */
    for (int attempt = 0;; attempt++) {
        int64_t deadline = now_ms() + c->connect_timeout_ms;
        rc = 0;
        if (c->auth == YDB_AUTH_STATIC) {
            step = "log in";
            rc = login(c, remaining(deadline), &e);
        }
        if (rc == 0 && o->discovery) {
            step = "list the endpoints";
            rc = discover(c, remaining(deadline), &e);
        }
        if (rc == 0) {
            step = "open a session";
            rc = qsession(c, remaining(deadline), &e);
        }
        if (rc == 0) break;
        cls k = classify(&e);
        int delay = backoff_ms(c, k.backoff ? k.backoff : BACKOFF_FAST, attempt);
        if (e.never_sent || auth_rejected(&e) || e.gs == GRPC_STATUS_DEADLINE_EXCEEDED || !(k.always || k.idem) ||
            !budget_allows(c, delay))
            break;
        say_retry(c, step, yerr_status(&e), mig_buf_str(&e.msg), attempt + 2, delay);
        yerr_free(&e);
        if (delay) sleep_ms(delay);
    }
    if (rc != 0) {
        /* say what failed, where: the message already names the host for transport errors */
        char *m = mig_xstrdup(mig_buf_str(&e.msg));
        bool refused = e.gs == GRPC_STATUS_UNAUTHENTICATED || (e.gs == 0 && e.ys == ST_UNAUTHORIZED);
        if (e.never_sent || e.gs == GRPC_STATUS_DEADLINE_EXCEEDED) {
            yerr_msg(&e, "cannot reach YDB at %s: %s", c->url_shown, m);
        } else if (refused && icontains(m, "database") && icontains(m, "not found")) {
            yerr_msg(&e, "the database %s does not exist at %s (%s)", c->database, c->target, m);
        } else if (strcmp(step, "log in") == 0) {
            yerr_msg(&e, "%s%s", m, refused ? " (check the user name and the password)" : "");
        } else if (refused) {
            yerr_msg(&e, "YDB at %s refused the connection (%s): %s", c->url_shown,
                     c->auth == YDB_AUTH_ANONYMOUS ? "no credentials were given"
                     : c->auth == YDB_AUTH_TOKEN   ? "check the token"
                                                   : "check the user and the password",
                     m);
        } else {
            yerr_msg(&e, "cannot %s on %s: %s", step, c->url_shown, m);
        }
        free(m);
        cls k = classify(&e);
        fill_err(c, a, err, &e, &k, k.always);
        yerr_free(&e);
        conn_free(c);
        return -1;
    }
    yerr_free(&e);
    say(c, LOG_DEBUG, "connected to %s", c->url_shown);
    *out = c;
    return 0;
}
