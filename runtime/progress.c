/* progress.c - what a run prints (exec_int.h): progress lines, JSON events, log lines. */
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "../common/buf.h"
#include "exec_int.h"
#include "yql.h"

const char *mig_json_str(mig_arena *a, const char *s)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_putc(&b, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\') mig_buf_printf(&b, "\\%c", *p);
        else if (*p == '\n') mig_buf_puts(&b, "\\n");
        else if (*p == '\t') mig_buf_puts(&b, "\\t");
        else if (*p < 0x20) mig_buf_printf(&b, "\\u%04x", *p);
        else mig_buf_putc(&b, (char)*p);
    }
    mig_buf_putc(&b, '"');
    const char *r = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return r;
}

void mig_exec_event(mig_exec *x, const char *name, const char *fmt, ...)
{
    if (!x->json) return;
    time_t t = time(NULL);
    fprintf(x->out, "{\"event\":\"%s\",\"time\":\"%s\"", name, mig_ts_format(x->a, t));
    if (fmt && *fmt) {
        va_list ap;
        va_start(ap, fmt);
        fputc(',', x->out);
        vfprintf(x->out, fmt, ap);
        va_end(ap);
    }
    fputs("}\n", x->out);
    fflush(x->out);
}

void mig_exec_say(mig_exec *x, const char *fmt, ...)
{
    if (x->json || x->min_level > MIG_LOG_INFO) return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(x->out, fmt, ap);
    va_end(ap);
    fflush(x->out);
}

/* The progress line of the running step, "    step K/N DESC ...", is printed before the
 * step runs and finished with its result after. A c step's mig_log line in between first
 * ends the open line; the result then goes on a line of its own that names the step
 * again (x->progress). */

void mig_exec_step_open(mig_exec *x, const char *line)
{
    x->progress.line = NULL;
    x->progress.broken = false;
    if (x->json || x->min_level > MIG_LOG_INFO) return;
    mig_exec_say(x, "%s", line);
    x->progress.line = line;
}

void mig_exec_step_interrupt(mig_exec *x)
{
    if (!x->progress.line || x->progress.broken) return;
    fputc('\n', x->out);
    x->progress.broken = true;
}

void mig_exec_step_close(mig_exec *x, const char *result)
{
    if (!x->progress.line) return;
    if (x->progress.broken) mig_exec_say(x, "%s %s\n", x->progress.line, result);
    else mig_exec_say(x, " %s\n", result);
    x->progress.line = NULL;
    x->progress.broken = false;
}

const char *mig_exec_describe_step(mig_arena *a, const mig_p_step *st)
{
    mig_buf b = MIG_BUF_INIT;
    mig_step_describe(&b, st);
    char *r = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    for (char *p = r; *p; p++)
        if (*p == '\n') *p = ' ';
    return r;
}

void mig_exec_log(mig_exec *x, const char *rev, int level, const char *msg)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    const char *lv = (unsigned)level < 4 ? names[level] : "info";
    if (x->json)
        mig_exec_event(x, "log", "\"revision\":%s,\"level\":\"%s\",\"message\":%s", mig_json_str(x->a, rev), lv,
                       mig_json_str(x->a, msg));
    else if (level >= x->min_level) {
        mig_exec_step_interrupt(x);
        for (const char *p = msg; *p;) { /* each line of it, indented under the step */
            size_t n = strcspn(p, "\n");
            fprintf(x->out, "    [%s] %.*s\n", lv, (int)n, p);
            p += n + (p[n] == '\n');
        }
        fflush(x->out);
    }
}
