/* heartbeat.c - see heartbeat.h. */
#include "heartbeat.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/buf.h"

struct mig_heartbeat {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* under mu */
    bool stop;
    bool lost;            /* broken, taken, or not renewed for a whole lease */
    time_t last_ok;       /* when the lease was last extended */
    char why[512];        /* what the heartbeat found, when lost */
    /* the thread's own */
    mig_state s;          /* a copy of the main state with its own connection and arena */
    mig_db db;
    int lease_s;
};

/* Seconds between renewals: a third of the lease, at least 1. */
static int interval(const mig_heartbeat *h)
{
    return h->lease_s / 3 > 0 ? h->lease_s / 3 : 1;
}

static void wait_until(mig_heartbeat *h, time_t when)
{
    struct timespec ts = {when, 0};
    while (!h->stop && time(NULL) < when)
        if (pthread_cond_timedwait(&h->cv, &h->mu, &ts) == ETIMEDOUT) break;
}

/* One renewal on the thread's connection (made on first use). 0 renewed, 1 lost (not ours
 * any more: h->why says why), -1 failed for now (h->why says why). */
static int renew_once(mig_heartbeat *h)
{
    mig_arena *a = mig_arena_new();
    int rc = -1;
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    if (!h->db.conn) {
        ydb_error ye;
        memset(&ye, 0, sizeof ye);
        if (h->db.api->connect(a, &h->db.opts, &h->db.conn, &ye) != 0) {
            h->db.conn = NULL;
            mig_db_error(a, &ye, "cannot connect to renew the migration lock", NULL, &e);
            goto out;
        }
    }
    h->s.a = a;
    h->s.held = true;
    h->s.renewed = 0; /* due now */
    if (mig_lock_renew(&h->s, &e) == 0) {
        rc = 0;
    } else if (e.code == MIG_RT_LOCKED) {
        rc = 1;
    } else if (h->db.conn) {
        /* a transport failure may have left the connection broken: make a new one next time */
        h->db.api->close(h->db.conn);
        h->db.conn = NULL;
    }
out:;
    if (rc != 0) {
        mig_buf b = MIG_BUF_INIT;
        mig_buf_puts(&b, e.message ? e.message : "the lock could not be renewed");
        if (e.detail) {
            mig_buf_puts(&b, ": ");
            mig_buf_puts(&b, e.detail);
        }
        pthread_mutex_lock(&h->mu);
        snprintf(h->why, sizeof h->why, "%s", mig_buf_str(&b));
        pthread_mutex_unlock(&h->mu);
        mig_buf_free(&b);
    }
    h->s.a = NULL;
    mig_arena_free(a);
    return rc;
}

static void *run(void *arg)
{
    mig_heartbeat *h = arg;
    pthread_mutex_lock(&h->mu);
    time_t due = h->last_ok + interval(h);
    for (;;) {
        wait_until(h, due);
        if (h->stop) break;
        pthread_mutex_unlock(&h->mu);
        int rc = renew_once(h);
        pthread_mutex_lock(&h->mu);
        time_t now = time(NULL);
        if (rc == 0) {
            h->last_ok = now;
            due = now + interval(h);
        } else if (rc == 1) {
            h->lost = true;
            break;
        } else if (now - h->last_ok >= h->lease_s) {
            /* The lease ran out unrenewed: another migrun may hold the lock now. */
            char why[sizeof h->why];
            memcpy(why, h->why, sizeof why);
            snprintf(h->why, sizeof h->why, "its lease of %d s ended while the database could not be reached (%.400s)",
                     h->lease_s, why);
            h->lost = true;
            break;
        } else {
            due = now + (interval(h) / 4 > 0 ? interval(h) / 4 : 1); /* try again soon */
        }
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

static int keep(void *keeper, mig_arena *a, mig_rt_error *err) { return mig_heartbeat_check(keeper, a, err); }

mig_heartbeat *mig_heartbeat_start(mig_state *s)
{
    if (!s->held || !s->db || !s->db->api || s->keep) return NULL;
    mig_heartbeat *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->s = *s;
    h->s.keep = NULL; /* the thread renews for real */
    h->s.keeper = NULL;
    h->db = *s->db;
    h->db.conn = NULL;   /* its own, made when first needed */
    h->db.handle = NULL; /* the module stays the main db's to unload */
    h->s.db = &h->db;
    h->lease_s = s->lease_s;
    h->last_ok = s->renewed;
    pthread_mutex_init(&h->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_cond_init(&h->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&h->thread, NULL, run, h) != 0) {
        pthread_cond_destroy(&h->cv);
        pthread_mutex_destroy(&h->mu);
        free(h);
        return NULL;
    }
    s->keep = keep;
    s->keeper = h;
    return h;
}

int mig_heartbeat_check(mig_heartbeat *h, mig_arena *a, mig_rt_error *err)
{
    pthread_mutex_lock(&h->mu);
    bool lost = h->lost;
    const char *why = lost ? mig_strdup(a, h->why) : NULL;
    pthread_mutex_unlock(&h->mu);
    if (!lost) return 0;
    err->code = MIG_RT_LOCKED;
    err->file = NULL;
    err->message = "the migration lock is no longer this migrun's";
    err->detail = mig_printf(a, "While the last step ran, %s.", why);
    err->hint = "Nothing more was run. Check who migrates this database (migrun lock, migrun status), then run "
                "migrun again: it resumes where this run stopped.";
    return -1;
}

void mig_heartbeat_stop(mig_state *s)
{
    if (s->keep != keep) return;
    mig_heartbeat *h = s->keeper;
    s->keep = NULL;
    s->keeper = NULL;
    pthread_mutex_lock(&h->mu);
    h->stop = true;
    pthread_cond_signal(&h->cv);
    pthread_mutex_unlock(&h->mu);
    pthread_join(h->thread, NULL);
    if (h->db.conn) h->db.api->close(h->db.conn);
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
    free(h);
}
