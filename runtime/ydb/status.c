/* status.c - YDB's and gRPC's statuses: the issues of a reply, what a failure is (the
 * SDKs' classification: retried always, only when idempotent, or never; may it have taken
 * effect; does it spoil the session), and the error as people read it (ydb_error). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../common/arena.h"
#include "conn.h"

/* ---------------------------------------------------------------- errors */

void yerr_free(yerr *e)
{
    mig_buf_free(&e->msg);
    memset(e, 0, sizeof *e);
}

void yerr_msg(yerr *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mig_buf_reset(&e->msg);
    mig_buf_vprintf(&e->msg, fmt, ap);
    va_end(ap);
}

/* ---------------------------------------------------------------- issues and classification */

/* The messages of a tree of issues, depth first, each once. An explicit stack: the tree
 * comes from the server, and its depth must not decide ours. */
void ydb_issues_flatten(mig_buf *b, Ydb__Issue__IssueMessage *const *is, size_t n)
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

bool ydb_issues_have_code(Ydb__Issue__IssueMessage *const *is, size_t n, uint32_t code)
{
    for (size_t i = 0; i < n; i++)
        if (is[i] && (is[i]->issue_code == code || ydb_issues_have_code(is[i]->issues, is[i]->n_issues, code))) return true;
    return false;
}

void yerr_set_status(yerr *e, int status, Ydb__Issue__IssueMessage *const *is, size_t n)
{
    e->gs = 0;
    e->ys = status;
    e->final_abort = status == ST_ABORTED && ydb_issues_have_code(is, n, ISSUE_PROGRAM_TOO_LARGE);
    mig_buf_reset(&e->msg);
    ydb_issues_flatten(&e->msg, is, n);
    if (!e->msg.len) {
        const char *nm = ydb_status_name(status);
        mig_buf_printf(&e->msg, "YDB answered %s", nm ? nm : "an unknown status");
    }
}

bool ydb_icontains(const char *hay, const char *needle)
{
    if (!hay) return false;
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0) return true;
    return false;
}

/* A transport failure. Connection failures (nothing was sent) are told apart by grpc's
 * wording, which names the connect step. */
void yerr_set_transport(ydb_conn *c, yerr *e, const rpc_status *st)
{
    e->gs = (int)st->gs;
    e->ys = 0;
    const char *d = st->details ? st->details : "";
    e->never_sent = st->gs == GRPC_STATUS_UNAVAILABLE && !st->got_message &&
                    (ydb_icontains(d, "failed to connect") || ydb_icontains(d, "connection refused") ||
                     ydb_icontains(d, "DNS resolution failed") || ydb_icontains(d, "handshake") ||
                     ydb_icontains(d, "connections to all backends failing") || ydb_icontains(d, "empty address list"));
    mig_buf_reset(&e->msg);
    if (e->never_sent) {
        mig_buf_printf(&e->msg, "cannot connect to %s: %s", c->target, *d ? d : "unavailable");
        if (ydb_icontains(d, "handshake") || ydb_icontains(d, "ssl") || ydb_icontains(d, "certificate"))
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
/* §10.2 (the Go SDK's table), with §10.3 where Go says nothing. */
yerr_cls yerr_classify(const yerr *e)
{
    yerr_cls k = {false, false, false, BACKOFF_NONE, false};
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
            if (ydb_icontains(mig_buf_str((mig_buf *)&e->msg), "schema operations, try again later")) {
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
        if (!ydb_icontains(mig_buf_str((mig_buf *)&e->msg), "larger than max")) {
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

/* The status of a failure, by name: "ABORTED", "UNAVAILABLE" (gRPC's by its own name). */
const char *yerr_status(const yerr *e)
{
    if (e->gs) return rpc_grpc_status_name((grpc_status_code)e->gs);
    return ydb_status_name(e->ys) ? ydb_status_name(e->ys) : "error";
}

/* The error for people: into the connection's slots (or `a` when given). */
void yerr_fill(ydb_conn *c, mig_arena *a, ydb_error *err, const yerr *e, const yerr_cls *k, bool retryable)
{
    if (!err) return;
    memset(err, 0, sizeof *err);
    err->grpc_status = e->gs;
    err->ydb_status = e->ys;
    err->timed_out = e->gs == GRPC_STATUS_DEADLINE_EXCEEDED;
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

void yerr_local(ydb_conn *c, mig_arena *a, ydb_error *err, const char *name, const char *fmt, ...)
{
    yerr e;
    memset(&e, 0, sizeof e);
    e.local = name;
    va_list ap;
    va_start(ap, fmt);
    mig_buf_vprintf(&e.msg, fmt, ap);
    va_end(ap);
    yerr_cls k = yerr_classify(&e);
    yerr_fill(c, a, err, &e, &k, false);
    yerr_free(&e);
}

/* ---------------------------------------------------------------- status names */

const char *ydb_status_name(int s)
{
    switch (s) {
    case 400000: return "SUCCESS";
    case 400010: return "BAD_REQUEST";
    case 400020: return "UNAUTHORIZED";
    case 400030: return "INTERNAL_ERROR";
    case 400040: return "ABORTED";
    case 400050: return "UNAVAILABLE";
    case 400060: return "OVERLOADED";
    case 400070: return "SCHEME_ERROR";
    case 400080: return "GENERIC_ERROR";
    case 400090: return "TIMEOUT";
    case 400100: return "BAD_SESSION";
    case 400120: return "PRECONDITION_FAILED";
    case 400130: return "ALREADY_EXISTS";
    case 400140: return "NOT_FOUND";
    case 400150: return "SESSION_EXPIRED";
    case 400160: return "CANCELLED";
    case 400170: return "UNDETERMINED";
    case 400180: return "UNSUPPORTED";
    case 400190: return "SESSION_BUSY";
    case 400200: return "EXTERNAL_ERROR";
    default: return NULL;
    }
}
