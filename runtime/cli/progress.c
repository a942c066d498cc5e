/* progress.c - what a run shows while it runs: the executor's events (exec.h) as progress
 * lines, or as --json event lines; and the command's own JSON events (cli_event). */
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "../revjson.h"
#include "cli.h"

void cli_event(run *r, const char *name, const char *fmt, ...)
{
    if (!r->json) return;
    fprintf(r->out, "{\"event\":\"%s\",\"time\":\"%s\"", name, mig_ts_format(r->a, time(NULL)));
    if (fmt && *fmt) {
        va_list ap;
        va_start(ap, fmt);
        fputc(',', r->out);
        vfprintf(r->out, fmt, ap);
        va_end(ap);
    }
    fputs("}\n", r->out);
    fflush(r->out);
}

static const char *const level_names[] = {"debug", "info", "warn", "error"}; /* mig_log_level */

const char *cli_level_name(int level) { return (unsigned)level < 4 ? level_names[level] : "info"; }

int cli_level_parse(const char *name)
{
    for (int i = 0; name && i < 4; i++)
        if (strcmp(name, level_names[i]) == 0) return i;
    return -1;
}

/* A progress line (info level). */
static void say(cli_progress *pg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(cli_progress *pg, const char *fmt, ...)
{
    if (pg->min_level > MIG_LOG_INFO) return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(pg->r->out, fmt, ap);
    va_end(ap);
    fflush(pg->r->out);
}

/* The running step's line, "    step K/N DESC ...", is printed before the step runs and
 * finished with its result after. A line in between (a c step's log, an index build)
 * first ends it; the result then goes on a line of its own that names the step again. */
static void step_open(cli_progress *pg, const char *line)
{
    pg->line = NULL;
    pg->broken = false;
    if (pg->min_level > MIG_LOG_INFO) return;
    say(pg, "%s", line);
    pg->line = line;
}

static void step_interrupt(cli_progress *pg)
{
    if (!pg->line || pg->broken) return;
    fputc('\n', pg->r->out);
    pg->broken = true;
}

static void step_close(cli_progress *pg, const char *result)
{
    if (!pg->line) return;
    if (pg->broken) say(pg, "%s %s\n", pg->line, result);
    else say(pg, " %s\n", result);
    pg->line = NULL;
    pg->broken = false;
}

static void json(run *r, const mig_exec_ev *ev)
{
    mig_arena *a = r->a;
    const char *id = mig_json_str(a, ev->rev ? ev->rev->m->id : "");
    const char *dir = ev->up ? "upgrade" : "downgrade";
    switch (ev->kind) {
    case MIG_EV_REVISION_START:
        cli_event(r, "revision_start", "\"revision\":%s,\"direction\":\"%s\",\"steps\":%u,\"resume_at\":%u", id, dir,
                  (unsigned)ev->steps, (unsigned)ev->resume_at);
        break;
    case MIG_EV_STEP_START:
        cli_event(r, "step_start", "\"revision\":%s,\"step\":%u,\"steps\":%u,\"what\":%s", id, (unsigned)ev->step,
                  (unsigned)ev->steps, mig_json_str(a, ev->what));
        break;
    case MIG_EV_STEP_END:
        cli_event(r, "step_end", "\"revision\":%s,\"step\":%u,\"steps\":%u,\"skipped\":%s,\"ms\":%lld", id,
                  (unsigned)ev->step, (unsigned)ev->steps, ev->skipped ? "true" : "false", ev->ms);
        break;
    case MIG_EV_STEP_FAILED: /* the error event follows */
        break;
    case MIG_EV_REVISION_END:
        cli_event(r, "revision_end", "\"revision\":%s,\"direction\":\"%s\",\"ms\":%lld", id, dir, ev->ms);
        break;
    case MIG_EV_INDEX_BUILDING:
        cli_event(r, "index_building", "\"table\":%s,\"waited_ms\":%lld", mig_json_str(a, ev->table), ev->ms);
        break;
    case MIG_EV_LOG:
        cli_event(r, "log", "\"revision\":%s,\"level\":\"%s\",\"message\":%s", id,
                  cli_level_name(ev->level), mig_json_str(a, ev->message));
        break;
    case MIG_EV_BACKFILL_PAGE:
        cli_event(r, "backfill_page",
                  "\"revision\":%s,\"step\":%u,\"steps\":%u,\"rows\":%llu,\"rows_done\":%llu,\"cursor\":%s,"
                  "\"elapsed_ms\":%lld%s",
                  id, (unsigned)ev->step, (unsigned)ev->steps, (unsigned long long)ev->rows,
                  (unsigned long long)ev->rows_done, mig_json_str(a, ev->cursor), ev->ms,
                  ev->rows_total ? mig_printf(a, ",\"rows_estimate\":%llu", (unsigned long long)ev->rows_total) : "");
        break;
    case MIG_EV_REBUILD_VERIFIED:
        cli_event(r, "rebuild_checked",
                  "\"revision\":%s,\"step\":%u,\"steps\":%u,\"table\":%s,\"shadow\":%s,\"rows_copied\":%llu,"
                  "\"rows_table\":%llu,\"rows_after\":%llu,\"rows_shadow\":%llu,\"ok\":%s",
                  id, (unsigned)ev->step, (unsigned)ev->steps, mig_json_str(a, ev->table), mig_json_str(a, ev->to),
                  (unsigned long long)ev->rows_done, (unsigned long long)ev->rows_table,
                  (unsigned long long)ev->rows_after, (unsigned long long)ev->rows, ev->ok ? "true" : "false");
        break;
    case MIG_EV_REBUILD_SWAPPED:
        cli_event(r, "rebuild_swapped", "\"revision\":%s,\"step\":%u,\"steps\":%u,\"table\":%s,\"kept\":%s", id,
                  (unsigned)ev->step, (unsigned)ev->steps, mig_json_str(a, ev->table), mig_json_str(a, ev->to));
        break;
    }
}

/* Rows per second over ms, for people. */
static unsigned long long per_second(uint64_t rows, long long ms) { return ms > 0 ? rows * 1000ull / (unsigned long long)ms : rows; }

/* A time left, rounded up: "~26 s", "~12 min", "~3 h 5 min" (at most some 30 years). */
static const char *time_left(mig_arena *a, double secs)
{
    if (secs > 1e9) secs = 1e9;
    unsigned long long s = (unsigned long long)secs + (secs > (double)(unsigned long long)secs);
    if (s < 100) return mig_printf(a, "~%llu s", s);
    unsigned long long m = (s + 59) / 60;
    if (m < 100) return mig_printf(a, "~%llu min", m);
    return mig_printf(a, "~%llu h %llu min", m / 60, m % 60);
}

const char *cli_rows_progress(mig_arena *a, uint64_t done, uint64_t total, uint64_t rows_run, long long ms)
{
    unsigned long long rate = per_second(rows_run, ms);
    if (total == 0 || done > total) /* none, or wrong by now: no estimate rather than a false one */
        return mig_printf(a, "%llu rows done (%llu rows/s)", (unsigned long long)done, rate);
    const char *left = rows_run > 0 && ms > 0
                           ? time_left(a, (double)(total - done) * (double)ms / (double)rows_run / 1000.0)
                           : NULL;
    return mig_printf(a, "%llu of ~%llu rows (%llu rows/s%s%s)", (unsigned long long)done,
                      (unsigned long long)total, rate, left ? ", " : "", left ? mig_printf(a, "%s left", left) : "");
}

void cli_progress_report(void *ud, const mig_exec_ev *ev)
{
    cli_progress *pg = ud;
    run *r = pg->r;
    if (r->json) {
        json(r, ev);
        return;
    }
    const mig_manifest_rev *m = ev->rev ? ev->rev->m : NULL;
    switch (ev->kind) {
    case MIG_EV_REVISION_START:
        say(pg, "[%zu/%zu] %s %s%s%s (%u step%s)%s\n", ev->pos + 1, ev->count, ev->up ? "upgrade" : "downgrade", m->id,
            m->message && *m->message ? ": " : "", m->message ? m->message : "", (unsigned)ev->steps,
            ev->steps == 1 ? "" : "s",
            ev->resuming ? mig_printf(r->a, ", resuming at step %u", (unsigned)ev->resume_at + 1) : "");
        break;
    case MIG_EV_STEP_START:
        pg->bf = false;
        pg->bf_rows = pg->bf_done = 0;
        pg->bf_ms = pg->bf_said_ms = 0;
        step_open(pg, mig_printf(r->a, "    step %u/%u %s ...", (unsigned)ev->step, (unsigned)ev->steps, ev->what));
        break;
    case MIG_EV_STEP_END:
        if (pg->bf && !ev->skipped)
            step_close(pg, mig_printf(r->a, "ok, %llu rows (%llu rows/s; %llu in all) (%lld ms)",
                                      (unsigned long long)pg->bf_rows, per_second(pg->bf_rows, pg->bf_ms),
                                      (unsigned long long)pg->bf_done, ev->ms));
        else
            step_close(pg, mig_printf(r->a, "%s (%lld ms)", ev->skipped ? "already done" : "ok", ev->ms));
        break;
    case MIG_EV_BACKFILL_PAGE:
        /* the step's line says the total at its end; in between, a line every 2 s at most */
        pg->bf = true;
        pg->bf_rows = ev->rows_run;
        pg->bf_done = ev->rows_done;
        pg->bf_ms = ev->ms;
        if (pg->min_level > MIG_LOG_INFO || ev->ms - pg->bf_said_ms < 2000) break;
        pg->bf_said_ms = ev->ms;
        step_interrupt(pg);
        say(pg, "      %s, up to key %s ...\n",
            cli_rows_progress(r->a, ev->rows_done, ev->rows_total, ev->rows_run, ev->ms), ev->cursor);
        break;
    case MIG_EV_REBUILD_VERIFIED:
        if (pg->min_level > MIG_LOG_INFO && ev->ok) break;
        step_interrupt(pg);
        if (ev->ok)
            say(pg, "      checked: %llu rows copied; \"%s\" and \"%s\" hold as many\n", (unsigned long long)ev->rows_done,
                ev->table, ev->to);
        else
            say(pg, "      check failed: %llu rows copied; \"%s\" holds %llu (and %llu after the end key), \"%s\" %llu\n",
                (unsigned long long)ev->rows_done, ev->table, (unsigned long long)ev->rows_table,
                (unsigned long long)ev->rows_after, ev->to, (unsigned long long)ev->rows);
        break;
    case MIG_EV_REBUILD_SWAPPED:
        if (pg->min_level > MIG_LOG_INFO) break;
        step_interrupt(pg);
        say(pg, "      swapped: \"%s\" is the rebuilt table; the old one is kept as \"%s\"\n", ev->table, ev->to);
        break;
    case MIG_EV_STEP_FAILED:
        step_close(pg, "failed");
        break;
    case MIG_EV_REVISION_END:
        say(pg, "    %s %s in %lld ms\n", m->id, ev->up ? "applied" : "downgraded", ev->ms);
        break;
    case MIG_EV_INDEX_BUILDING:
        if (pg->min_level > MIG_LOG_INFO) break;
        step_interrupt(pg);
        say(pg, "      YDB is building the index of \"%s\" (BUILDING); waiting (%lld s) ...\n", ev->table, ev->ms / 1000);
        break;
    case MIG_EV_LOG: {
        if (ev->level < pg->min_level) break;
        step_interrupt(pg);
        const char *lv = cli_level_name(ev->level);
        for (const char *p = ev->message; *p;) { /* each line of it, indented under the step */
            size_t n = strcspn(p, "\n");
            fprintf(r->out, "    [%s] %.*s\n", lv, (int)n, p);
            p += n + (p[n] == '\n');
        }
        fflush(r->out);
        break;
    }
    }
}
