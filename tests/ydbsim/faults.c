/* faults.c - parsing and counting of ydbsim's injected faults. TEST TOOL. */
#include "faults.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"

static const struct { const char *name; int code; } ydb_statuses[] = {
    {"SUCCESS", 400000}, {"BAD_REQUEST", 400010}, {"UNAUTHORIZED", 400020},
    {"INTERNAL_ERROR", 400030}, {"ABORTED", 400040}, {"UNAVAILABLE", 400050},
    {"OVERLOADED", 400060}, {"SCHEME_ERROR", 400070}, {"GENERIC_ERROR", 400080},
    {"TIMEOUT", 400090}, {"BAD_SESSION", 400100}, {"PRECONDITION_FAILED", 400120},
    {"ALREADY_EXISTS", 400130}, {"NOT_FOUND", 400140}, {"SESSION_EXPIRED", 400150},
    {"CANCELLED", 400160}, {"UNDETERMINED", 400170}, {"UNSUPPORTED", 400180},
    {"SESSION_BUSY", 400190}, {"EXTERNAL_ERROR", 400200},
};

static const char *const grpc_names[] = {
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
    "UNAUTHENTICATED",
};

int sim_ydb_status_parse(const char *name)
{
    for (size_t i = 0; i < sizeof ydb_statuses / sizeof ydb_statuses[0]; i++)
        if (strcmp(name, ydb_statuses[i].name) == 0) return ydb_statuses[i].code;
    return 0;
}

const char *sim_ydb_status_name(int status)
{
    for (size_t i = 0; i < sizeof ydb_statuses / sizeof ydb_statuses[0]; i++)
        if (ydb_statuses[i].code == status) return ydb_statuses[i].name;
    return status == 0 ? "STATUS_CODE_UNSPECIFIED" : "?";
}

int sim_grpc_status_parse(const char *name)
{
    if (strncmp(name, "GRPC_", 5) != 0) return -1;
    for (size_t i = 0; i < sizeof grpc_names / sizeof grpc_names[0]; i++)
        if (strcmp(name + 5, grpc_names[i]) == 0) return (int)i;
    return -1;
}

const char *sim_grpc_status_name(int code)
{
    if (code >= 0 && (size_t)code < sizeof grpc_names / sizeof grpc_names[0]) return grpc_names[code];
    return "?";
}

bool sim_method_matches(const char *pattern, const char *path)
{
    if (!pattern) return true;
    if (strcmp(pattern, path) == 0) return true;
    size_t lp = strlen(pattern), lm = strlen(path);
    /* "ExecuteQuery" or "QueryService/ExecuteQuery": a suffix after '/' or '.' */
    if (lp < lm && strcmp(path + lm - lp, pattern) == 0) {
        char before = path[lm - lp - 1];
        return before == '/' || before == '.';
    }
    return false;
}

static int parse_count(const char *s, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || v == 0 || s[0] == '-') return -1;
    *out = v;
    return 0;
}

int sim_fault_parse(sim_faults *f, sim_fault_kind kind, const char *arg, char *err, size_t errlen)
{
    char *copy = mig_xstrdup(arg);
    char *parts[5];
    size_t np = 0;
    for (char *p = copy, *tok; np < 5 && (tok = strsep(&p, ":")) != NULL;) parts[np++] = tok;
    sim_fault fl = {.kind = kind};
    int rc = -1;
    const char *status = NULL;
    switch (kind) {
    case SIM_FAULT_FAIL: {
        /* N:STATUS, N:METHOD:STATUS, N:STATUS:WHEN, N:METHOD:STATUS:WHEN */
        if (np < 2 || np > 4 || parse_count(parts[0], &fl.n)) break;
        size_t last = np - 1;
        if (np >= 3 && (strcmp(parts[last], "before") == 0 || strcmp(parts[last], "after") == 0)) {
            fl.after = strcmp(parts[last], "after") == 0;
            last--;
        } else if (np == 4) {
            break;
        }
        status = parts[last];
        char *slash = strchr(parts[last], '/');
        if (slash) {
            /* STATUS/CODE: the issue carries this code (ABORTED/200509) */
            unsigned long code;
            *slash = 0;
            if (parse_count(slash + 1, &code) || code > 0xffffffffUL) break;
            fl.issue_code = (unsigned)code;
        }
        if (last == 2) fl.method = mig_xstrdup(parts[1]);
        else if (last != 1) break;
        if ((fl.ydb_status = sim_ydb_status_parse(status)) == 0) {
            int g = sim_grpc_status_parse(status);
            if (g <= 0) {
                snprintf(err, errlen, "--fail %s: unknown status '%s' (a YDB status such as ABORTED, "
                         "or a gRPC status such as GRPC_UNAVAILABLE)", arg, status);
                free(fl.method);
                free(copy);
                return -1;
            }
            fl.grpc_status = g;
        }
        rc = 0;
        break;
    }
    case SIM_FAULT_DROP:
        if (np < 1 || np > 2 || parse_count(parts[0], &fl.n)) break;
        if (np == 2) fl.method = mig_xstrdup(parts[1]);
        rc = 0;
        break;
    case SIM_FAULT_DELAY: {
        unsigned long ms;
        if (np < 1 || np > 2 || parse_count(parts[0], &ms) || ms > 600000) break;
        fl.ms = (unsigned)ms;
        if (np == 2) fl.method = mig_xstrdup(parts[1]);
        rc = 0;
        break;
    }
    }
    free(copy);
    if (rc) {
        static const char *const usage[] = {"--fail N[:METHOD]:STATUS[/CODE][:before|after]",
                                            "--drop N[:METHOD]", "--delay MS[:METHOD]"};
        snprintf(err, errlen, "bad fault '%s'; expected %s", arg, usage[kind]);
        free(fl.method);
        return -1;
    }
    f->v = mig_xrealloc(f->v, (f->n + 1) * sizeof *f->v);
    f->v[f->n++] = fl;
    return 0;
}

int sim_fault_random(sim_faults *f, const char *pct, char *err, size_t errlen)
{
    unsigned long p;
    if (parse_count(pct, &p) || p > 100) {
        snprintf(err, errlen, "--fail-random %s: expected a percentage from 0 to 100", pct);
        return -1;
    }
    f->random_pct = (unsigned)p;
    if (!f->rng) sim_fault_seed(f, 1);
    return 0;
}

void sim_fault_seed(sim_faults *f, unsigned long long seed)
{
    f->rng = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull; /* never 0 for xorshift */
    if (!f->rng) f->rng = 1;
}

static uint64_t next_rand(sim_faults *f)
{
    uint64_t x = f->rng; /* xorshift64* */
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    f->rng = x;
    return x * 0x2545F4914F6CDD1Dull;
}

/* One of the faults --fail-random draws from. */
static void random_fault(sim_faults *f, sim_fault_action *a)
{
    static const struct { int ydb, grpc; bool after, drop; } menu[] = {
        {400050, 0, false, false}, /* UNAVAILABLE */
        {400060, 0, false, false}, /* OVERLOADED */
        {400040, 0, false, false}, /* ABORTED */
        {400100, 0, false, false}, /* BAD_SESSION */
        {400190, 0, false, false}, /* SESSION_BUSY */
        {400170, 0, false, false}, /* UNDETERMINED, not applied */
        {400170, 0, true, false},  /* UNDETERMINED, applied */
        {0, 14, false, false},     /* GRPC_UNAVAILABLE: the connection lost before the call */
        {0, 14, true, false},      /* ... and after it was applied: a lost reply */
        {0, 0, false, true},       /* the connection dropped */
    };
    size_t k = (size_t)(next_rand(f) % (sizeof menu / sizeof menu[0]));
    if (menu[k].drop) {
        a->drop = true;
        return;
    }
    a->fail = true;
    a->after = menu[k].after;
    a->ydb_status = menu[k].ydb;
    a->grpc_status = menu[k].grpc;
}

sim_fault_action sim_faults_check(sim_faults *f, const char *path)
{
    sim_fault_action a = {0};
    for (size_t i = 0; i < f->n; i++) {
        sim_fault *fl = &f->v[i];
        if (!sim_method_matches(fl->method, path)) continue;
        fl->seen++;
        switch (fl->kind) {
        case SIM_FAULT_FAIL:
            if (fl->seen == fl->n && !a.fail) {
                a.fail = true;
                a.after = fl->after;
                a.ydb_status = fl->ydb_status;
                a.grpc_status = fl->grpc_status;
                a.issue_code = fl->issue_code;
            }
            break;
        case SIM_FAULT_DROP:
            if (fl->seen == fl->n) a.drop = true;
            break;
        case SIM_FAULT_DELAY:
            a.delay_ms += fl->ms;
            break;
        }
    }
    if (f->random_pct && !a.fail && !a.drop && next_rand(f) % 100 < f->random_pct) random_fault(f, &a);
    return a;
}

void sim_faults_free(sim_faults *f)
{
    for (size_t i = 0; i < f->n; i++) free(f->v[i].method);
    free(f->v);
    f->v = NULL;
    f->n = 0;
}
