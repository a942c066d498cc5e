/* conn.c - the connection (driver.h): the URL (url.c) and the options, the channel and
 * TLS, discovery, the credentials (a token, or Login with user and password and its renewal),
 * the unary calls every other file makes, the log, and ydb_connect's own retry loop. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <grpc/grpc.h>
#include <grpc/grpc_security.h>

#include "../../common/arena.h"
#include "../../common/buf.h"
#include "conn.h"
#include "grpclog.h"
#include "url.h"
#include "ydb/ydb_auth.pb-c.h"
#include "ydb/ydb_discovery.pb-c.h"

#ifndef MIG_VERSION
#define MIG_VERSION "0"
#endif

/* ---------------------------------------------------------------- strings and the log */

static void wipe_free(char *s)
{
    if (!s) return;
    volatile char *p = s;
    while (*p) *p++ = 0;
    free(s);
}

static char *xstrdup0(const char *s) { return s ? mig_xstrdup(s) : NULL; }

void ydb_say(ydb_conn *c, int level, const char *fmt, ...)
{
    if (!c->log) return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    c->log(c->log_ud, level, buf);
}

/* ---------------------------------------------------------------- calls */

rpc_headers ydb_headers(const ydb_conn *c, bool auth)
{
    rpc_headers h = {c->database, auth ? c->token : NULL, "migrun/" MIG_VERSION, c->app_name};
    return h;
}

/* An Op-shape reply: status SUCCESS and (when rd) the result unpacked. */
int ydb_op_result(const Ydb__Operations__Operation *op, const ProtobufCMessageDescriptor *rd,
                  ProtobufCMessage **result, yerr *e)
{
    if (result) *result = NULL;
    if (!op) {
        yerr_set_status(e, 0, NULL, 0);
        yerr_msg(e, "the server's reply has no operation");
        e->gs = GRPC_STATUS_INTERNAL;
        return -1;
    }
    if (op->status != YDB__STATUS_IDS__STATUS_CODE__SUCCESS) {
        yerr_set_status(e, (int)op->status, op->issues, op->n_issues);
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
ProtobufCMessage *ydb_call(ydb_conn *c, const char *method, const ProtobufCMessage *req,
                           const ProtobufCMessageDescriptor *rd, int timeout_ms, bool auth, yerr *e)
{
    ydb_say(c, LOG_DEBUG, "call %s", method);
    rpc_headers h = ydb_headers(c, auth);
    rpc_status st;
    ProtobufCMessage *r = rpc_unary(c->ch, method, &h, req, rd, timeout_ms, &st);
    if (!r) yerr_set_transport(c, e, &st);
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

int ydb_login(ydb_conn *c, int timeout_ms, yerr *e)
{
    Ydb__Auth__LoginRequest req = YDB__AUTH__LOGIN_REQUEST__INIT;
    req.user = c->user;
    req.password = c->password;
    Ydb__Auth__LoginResponse *resp =
        (Ydb__Auth__LoginResponse *)ydb_call(c, "/Ydb.Auth.V1.AuthService/Login", &req.base,
                                             &ydb__auth__login_response__descriptor, timeout_ms, false, e);
    if (!resp) return -1;
    ProtobufCMessage *res = NULL;
    int rc = ydb_op_result(resp->operation, &ydb__auth__login_result__descriptor, &res, e);
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
    ydb_say(c, LOG_DEBUG, "logged in as %s", c->user);
    return 0;
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
    Ydb__Discovery__ListEndpointsResponse *resp = (Ydb__Discovery__ListEndpointsResponse *)ydb_call(
        c, "/Ydb.Discovery.V1.DiscoveryService/ListEndpoints", &req.base,
        &ydb__discovery__list_endpoints_response__descriptor, timeout_ms, true, e);
    if (!resp) return -1;
    ProtobufCMessage *res = NULL;
    int rc = ydb_op_result(resp->operation, &ydb__discovery__list_endpoints_result__descriptor, &res, e);
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
        ydb_say(c, LOG_INFO, "discovery listed no %s endpoint; staying on %s", c->tls ? "TLS" : "plain", c->target);
        return 0;
    }
    if (strcmp(pick, c->target) != 0) {
        ydb_say(c, LOG_INFO, "discovery: using %s", pick);
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
        if (c->qs_id) ydb_qsession_delete(c);
        ydb_tsession_delete(c);
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
        for (int i = 0; i < 100 && grpc_is_initialized(); i++) ydb_sleep_ms(10);
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
    int64_t r = deadline - ydb_now_ms();
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
        yerr_local(c, a, err, "BAD_URL", "no database URL was given (such as grpc://localhost:2136/local)");
        conn_free(c);
        return -1;
    }
    if (ydb_url_parse(o->url, &c->tls, &c->target, &c->database, &why) != 0) {
        yerr_local(c, a, err, "BAD_URL", "the database URL '%s' is not usable: %s", o->url, why);
        conn_free(c);
        return -1;
    }
    size_t ul = strlen(c->target) + strlen(c->database) + 16;
    c->url_shown = mig_xmalloc(ul);
    snprintf(c->url_shown, ul, "%s://%s%s", c->tls ? "grpcs" : "grpc", c->target, c->database);
    if (o->auth == YDB_AUTH_TOKEN) {
        if (!o->token || !*o->token) {
            yerr_local(c, a, err, "BAD_CREDENTIALS", "token authentication needs a token");
            conn_free(c);
            return -1;
        }
        c->token = mig_xstrdup(o->token);
    } else if (o->auth == YDB_AUTH_STATIC) {
        if (!o->user || !*o->user) {
            yerr_local(c, a, err, "BAD_CREDENTIALS", "user/password authentication needs a user name");
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
            yerr_local(c, a, err, "BAD_URL", "a CA file was given for %s, which does not use TLS (grpcs://)", c->url_shown);
            conn_free(c);
            return -1;
        }
        if (!(c->ca_pem = read_file(o->ca_file, w, sizeof w))) {
            yerr_local(c, a, err, "BAD_CA_FILE", "cannot read the CA file %s: %s", o->ca_file, w);
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
        int64_t deadline = ydb_now_ms() + c->connect_timeout_ms;
        rc = 0;
        if (c->auth == YDB_AUTH_STATIC) {
            step = "log in";
            rc = ydb_login(c, remaining(deadline), &e);
        }
        if (rc == 0 && o->discovery) {
            step = "list the endpoints";
            rc = discover(c, remaining(deadline), &e);
        }
        if (rc == 0) {
            step = "open a session";
            rc = ydb_qsession(c, remaining(deadline), &e);
        }
        if (rc == 0) break;
        yerr_cls k = yerr_classify(&e);
        int delay = ydb_backoff_ms(c, k.backoff ? k.backoff : BACKOFF_FAST, attempt);
        if (e.never_sent || ydb_auth_rejected(&e) || e.gs == GRPC_STATUS_DEADLINE_EXCEEDED || !(k.always || k.idem) ||
            !ydb_budget_allows(c, delay))
            break;
        ydb_say_retry(c, step, yerr_status(&e), mig_buf_str(&e.msg), attempt + 2, delay);
        yerr_free(&e);
        if (delay) ydb_sleep_ms(delay);
    }
    if (rc != 0) {
        /* say what failed, where: the message already names the host for transport errors */
        char *m = mig_xstrdup(mig_buf_str(&e.msg));
        bool refused = e.gs == GRPC_STATUS_UNAUTHENTICATED || (e.gs == 0 && e.ys == ST_UNAUTHORIZED);
        if (e.never_sent || e.gs == GRPC_STATUS_DEADLINE_EXCEEDED) {
            yerr_msg(&e, "cannot reach YDB at %s: %s", c->url_shown, m);
        } else if (refused && ydb_icontains(m, "database") && ydb_icontains(m, "not found")) {
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
        yerr_cls k = yerr_classify(&e);
        yerr_fill(c, a, err, &e, &k, k.always);
        yerr_free(&e);
        conn_free(c);
        return -1;
    }
    yerr_free(&e);
    ydb_say(c, LOG_DEBUG, "connected to %s", c->url_shown);
    *out = c;
    return 0;
}
