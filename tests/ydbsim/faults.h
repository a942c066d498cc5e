/* faults.h - ydbsim's fault injection (--fail, --drop, --delay). TEST TOOL. */
#ifndef YDBSIM_FAULTS_H
#define YDBSIM_FAULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sim_fault_kind { SIM_FAULT_FAIL, SIM_FAULT_DROP, SIM_FAULT_DELAY } sim_fault_kind;

typedef struct sim_fault {
    sim_fault_kind kind;
    unsigned long n;        /* FAIL, DROP: the Nth (matching) call */
    char *method;           /* NULL: every method; else a name, Service/Name or full path */
    int ydb_status;         /* FAIL with a YDB status (0 if a gRPC status) */
    int grpc_status;        /* FAIL with a gRPC status (0 if a YDB status) */
    unsigned issue_code;    /* FAIL: the issue's code (STATUS/CODE); 0: none */
    bool after;             /* FAIL: apply the call first, then report the failure */
    unsigned ms;            /* DELAY */
    unsigned long seen;     /* matching calls so far */
} sim_fault;

typedef struct sim_faults {
    sim_fault *v;
    size_t n;
    unsigned random_pct;    /* --fail-random: this share of calls fails, 0: none */
    uint64_t rng;           /* --seed: the state of the generator that picks them */
} sim_faults;

/* What to do with one call. */
typedef struct sim_fault_action {
    bool fail, after, drop;
    int ydb_status, grpc_status;
    unsigned issue_code;
    unsigned delay_ms;
} sim_fault_action;

/* Parse one option value; returns 0, or -1 with a message in err. */
int sim_fault_parse(sim_faults *f, sim_fault_kind kind, const char *arg, char *err, size_t errlen);
/* --fail-random PCT and --seed N: PCT % of all calls get one fault drawn from those a
 * client must survive (YDB's retryable statuses before the call runs, UNDETERMINED or a lost
 * connection after it ran, a dropped connection), the same ones again for the same seed and
 * calls. Returns 0, or -1 with a message in err. */
int sim_fault_random(sim_faults *f, const char *pct, char *err, size_t errlen);
void sim_fault_seed(sim_faults *f, unsigned long long seed);
/* Count a call and decide. */
sim_fault_action sim_faults_check(sim_faults *f, const char *method_path);
void sim_faults_free(sim_faults *f);

bool sim_method_matches(const char *pattern, const char *path);
int sim_ydb_status_parse(const char *name);       /* 0 if unknown */
const char *sim_ydb_status_name(int status);      /* "?" if unknown */
int sim_grpc_status_parse(const char *name);      /* "GRPC_UNAVAILABLE" etc.; -1 if unknown */
const char *sim_grpc_status_name(int code);

#endif
