/* retry.c - the retry loop (§10.2): what is run again, after which wait, and for how long a
 * run of failures may go on (the retry budget); the clock it measures with. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conn.h"

int64_t ydb_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ydb_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* The wait before the next attempt: fast (5 ms doubling to 320 ms) or slow (1 s doubling to
 * 8 s, for OVERLOADED), jittered to [d/2, d]. No wait goes past the retry budget: the last
 * one ends where the budget does, and one more attempt follows it. */
int ydb_backoff_ms(ydb_conn *c, int kind, int attempt)
{
    int slot = kind == BACKOFF_SLOW ? 1000 : kind == BACKOFF_FAST ? 5 : 0;
    if (!slot) return 0;
    int ceiling = kind == BACKOFF_SLOW ? 3 : 6;
    int d = slot << (attempt < ceiling ? attempt : ceiling);
    d = d / 2 + (int)(rand_r(&c->rnd) % (unsigned)(d / 2 + 1));
    if (c->failing_since) {
        int64_t left = c->retry_budget_ms - (ydb_now_ms() - c->failing_since) - 1;
        if (left < d) d = left > 0 ? (int)left : 0;
    }
    return d;
}

/* The retry budget bounds a run of failures, not one operation: it starts at the first
 * failure after a success, so retries nested in migrun's own (a transaction retried inside
 * a step retried) share it and a dead server ends every loop within it. */
bool ydb_budget_allows(ydb_conn *c, int delay)
{
    int64_t now = ydb_now_ms();
    if (!c->failing_since) c->failing_since = now;
    return now - c->failing_since + delay < c->retry_budget_ms;
}

/* "retrying: UNAVAILABLE, attempt 3, next in 4 s (what: message)" at INFO. */
void ydb_say_retry(ydb_conn *c, const char *what, const char *status, const char *msg, int attempt, int delay)
{
    char next[32];
    if (delay >= 1000) snprintf(next, sizeof next, "%d s", (delay + 500) / 1000);
    else snprintf(next, sizeof next, "%d ms", delay);
    ydb_say(c, LOG_INFO, "retrying: %s, attempt %d, next in %s (%s: %s)", status, attempt, next, what,
            msg && *msg ? msg : "no detail");
}

/* Static credentials: log in again when the token is half-way through its life. */
int ydb_fresh_token(ydb_conn *c, yerr *e)
{
    if (c->auth != YDB_AUTH_STATIC || !c->token_renew || time(NULL) < c->token_renew) return 0;
    return ydb_login(c, c->call_timeout_ms, e);
}

bool ydb_auth_rejected(const yerr *e)
{
    return e->gs == GRPC_STATUS_UNAUTHENTICATED || (e->gs == 0 && e->ys == ST_UNAUTHORIZED);
}

/* Run op until it succeeds, fails for good, or the budget is spent (§10.2): statuses the
 * SDKs always retry are retried (they prove the statement did not run: the session or the
 * server refused it), the "idempotent only" ones only for idempotent operations; the
 * sessions they spoil are replaced; a rejected static token is renewed once. */
int ydb_with_retry(ydb_conn *c, const char *what, bool idempotent, ydb_op_fn fn, void *ud, ydb_error *err)
{
    bool relogged = false;
    for (int attempt = 0;; attempt++) {
        yerr e;
        memset(&e, 0, sizeof e);
        int rc = ydb_fresh_token(c, &e);
        if (rc == 0) rc = fn(c, ud, &e);
        if (rc == 0) {
            yerr_free(&e);
            c->failing_since = 0;
            return 0;
        }
        yerr_cls k = yerr_classify(&e);
        if (k.drop_session && e.session) ydb_drop_session(c, e.session);
        if (ydb_auth_rejected(&e) && c->auth == YDB_AUTH_STATIC && !relogged) {
            relogged = true;
            yerr le;
            memset(&le, 0, sizeof le);
            ydb_say(c, LOG_INFO, "%s: the token was refused; logging in again", what);
            if (ydb_login(c, c->call_timeout_ms, &le) == 0) {
                yerr_free(&le);
                yerr_free(&e);
                continue;
            }
            yerr_cls lk = yerr_classify(&le);
            yerr_fill(c, NULL, err, &le, &lk, false);
            yerr_free(&le);
            yerr_free(&e);
            return -1;
        }
        bool retry = k.always || (k.idem && idempotent);
        int delay = retry ? ydb_backoff_ms(c, k.backoff, attempt) : 0;
        if (retry && ydb_budget_allows(c, delay)) {
            ydb_say_retry(c, what, yerr_status(&e), mig_buf_str(&e.msg), attempt + 2, delay);
            yerr_free(&e);
            if (delay) ydb_sleep_ms(delay);
            continue;
        }
        yerr_fill(c, NULL, err, &e, &k, retry);
        yerr_free(&e);
        return -1;
    }
}
