/* drivertest.c - the YDB driver (runtime/ydb) against tests/ydbsim, one fresh server per
 * test (started on 127.0.0.1:0, stopped with SIGTERM; none is left behind). TAP output.
 * This file holds the harness and the list of tests; the tests are in drivertest_*.c.
 *
 * Usage: drivertest [NAME...]   (YDBSIM names the server program)
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "drivertest.h"

/* ---------------------------------------------------------------- harness */

static int failures;
int checks_failed_in_test;

static pid_t live_sims[16];

static void kill_all(void)
{
    for (size_t i = 0; i < 16; i++)
        if (live_sims[i] > 0) {
            kill(live_sims[i], SIGKILL);
            waitpid(live_sims[i], NULL, 0);
            live_sims[i] = 0;
        }
}

static void on_signal(int sig)
{
    kill_all();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Start ydbsim with extra arguments (the list ends with NULL); wait for "listening on". */
static int sim_startv(sim *s, va_list ap)
{
    const char *prog = getenv("YDBSIM");
    if (!prog) prog = "tests/ydbsim/ydbsim";
    const char *argv[32];
    int n = 0;
    argv[n++] = prog;
    argv[n++] = "--listen";
    argv[n++] = "127.0.0.1:0";
    const char *a;
    while ((a = va_arg(ap, const char *)) && n < 30) argv[n++] = a;
    argv[n] = NULL;
    int pfd[2];
    if (pipe(pfd) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        dup2(pfd[1], 1);
        close(pfd[0]);
        close(pfd[1]);
        execv(prog, (char *const *)argv);
        _exit(127);
    }
    close(pfd[1]);
    for (size_t i = 0; i < 16; i++)
        if (!live_sims[i]) {
            live_sims[i] = pid;
            break;
        }
    s->pid = pid;
    s->port = 0;
    FILE *f = fdopen(pfd[0], "r");
    char line[256];
    while (f && fgets(line, sizeof line, f)) {
        const char *p = strstr(line, "listening on ");
        if (p) {
            const char *colon = strrchr(p, ':');
            if (colon) s->port = atoi(colon + 1);
            break;
        }
    }
    if (f) fclose(f);
    else close(pfd[0]);
    if (!s->port) {
        printf("#   ydbsim did not start\n");
        return -1;
    }
    return 0;
}

static void sim_stop(sim *s)
{
    if (s->pid <= 0) return;
    kill(s->pid, SIGTERM);
    int st;
    waitpid(s->pid, &st, 0);
    for (size_t i = 0; i < 16; i++)
        if (live_sims[i] == s->pid) live_sims[i] = 0;
    s->pid = 0;
}

static void log_cb(void *ud, int level, const char *msg)
{
    logbook *b = ud;
    int k = snprintf(b->text + b->len, sizeof b->text - b->len, "%d %s\n", level, msg);
    if (k > 0 && b->len + (size_t)k < sizeof b->text) b->len += (size_t)k;
    if (getenv("DRIVERTEST_VERBOSE")) printf("#     log: %s\n", msg);
}

int count_in(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

char url_buf[256];

const char *url_of(const char *scheme, const sim *s, const char *db)
{
    snprintf(url_buf, sizeof url_buf, "%s://127.0.0.1:%d%s", scheme, s->port, db);
    return url_buf;
}

ydb_options opts(const char *url, logbook *lb)
{
    ydb_options o;
    memset(&o, 0, sizeof o);
    o.url = url;
    /* valgrind makes a TLS handshake take seconds (driver.sh sets DRIVERTEST_SLOW) */
    int slow = getenv("DRIVERTEST_SLOW") ? 6 : 1;
    o.connect_timeout_ms = 5000 * slow;
    o.call_timeout_ms = 10000 * slow;
    o.retry_budget_ms = 20000 * slow;
    o.log = log_cb;
    o.log_ud = lb;
    return o;
}

ydb_conn *connect_ok(mig_arena *a, const ydb_options *o)
{
    ydb_conn *c = NULL;
    ydb_error err;
    if (ydb_connect(a, o, &c, &err) != 0) {
        CHECK(0, "connect to %s: %s: %s", o->url, err.status_name, err.message);
        return NULL;
    }
    return c;
}

static int fixture_startv(fixture *f, va_list ap)
{
    if (sim_startv(&f->s, ap)) {
        CHECK(0, "ydbsim");
        return -1;
    }
    f->a = mig_arena_new();
    f->lb.len = 0;
    f->lb.text[0] = 0;
    f->o = opts(url_of("grpc", &f->s, "/local"), &f->lb);
    f->c = NULL;
    return 0;
}

int fixture_start(fixture *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int rc = fixture_startv(f, ap);
    va_end(ap);
    return rc;
}

void fixture_stop(fixture *f)
{
    ydb_close(f->c);
    f->c = NULL;
    mig_arena_free(f->a);
    sim_stop(&f->s);
}

int with_sim(fixture *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int rc = fixture_startv(f, ap);
    va_end(ap);
    if (rc) return -1;
    f->c = connect_ok(f->a, &f->o);
    if (!f->c) {
        fixture_stop(f);
        return -1;
    }
    return 0;
}

int exec_ok(ydb_conn *c, const char *yql, const mig_param *p, size_t np, mig_arena *a, ydb_result *res)
{
    ydb_error err;
    if (ydb_exec_notx(c, yql, p, np, true, a, res, &err) != 0) {
        CHECK(0, "%s: %s: %s", yql, err.status_name, err.message);
        return -1;
    }
    return 0;
}

const char *cell(const ydb_result *r, size_t set, size_t row, size_t col)
{
    if (set >= r->nsets || row >= r->sets[set].nrows || col >= r->sets[set].ncolumns) return "<missing>";
    return r->sets[set].cells[row * r->sets[set].ncolumns + col];
}

/* ---------------------------------------------------------------- tests */

static const struct { const char *name; void (*fn)(void); } tests[] = {
    {"ddl_describe", t_ddl_describe}, {"params", t_params}, {"transactions", t_transactions},
    {"transient", t_transient}, {"final_abort", t_final_abort}, {"bad_session", t_bad_session}, {"dropped", t_dropped},
    {"static_auth", t_static_auth}, {"token_auth", t_token_auth}, {"tls", t_tls},
    {"unreachable", t_unreachable}, {"database", t_database}, {"module", t_module}, {"rename", t_rename},
};

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    atexit(kill_all);
    setvbuf(stdout, NULL, _IOLBF, 0);
    size_t n = sizeof tests / sizeof tests[0];
    printf("1..%zu\n", n);
    for (size_t i = 0; i < n; i++) {
        bool want = argc < 2;
        for (int j = 1; j < argc; j++)
            if (strcmp(argv[j], tests[i].name) == 0) want = true;
        if (!want) {
            printf("ok %zu - %s # SKIP not selected\n", i + 1, tests[i].name);
            continue;
        }
        checks_failed_in_test = 0;
        tests[i].fn();
        if (checks_failed_in_test) failures++;
        printf("%sok %zu - %s\n", checks_failed_in_test ? "not " : "", i + 1, tests[i].name);
    }
    kill_all();
    size_t ran = 0;
    for (size_t i = 0; i < n; i++) {
        bool want = argc < 2;
        for (int j = 1; j < argc; j++)
            if (strcmp(argv[j], tests[i].name) == 0) want = true;
        ran += want;
    }
    printf("%zu passed, %d failed\n", ran - (size_t)failures, failures);
    return failures ? 1 : 0;
}
