/* main.c - ydbsim: a YDB-protocol TEST SERVER for migc/migrun's tests. TEST TOOL, never
 * installed. It answers what YDB's official SDKs and migrun's driver use, on loopback only.
 *
 * Threads: main blocks SIGINT/SIGTERM before grpc_init (so grpc's threads inherit the
 * mask), runs the completion-queue loop on one server thread and sigwait()s; a signal
 * starts the shutdown, the loop drains and returns, and the engine state is saved.
 * The engine is not thread-safe: main uses it only before the loop thread starts (load) and
 * after it is joined (session cleanup, save); while the loop runs only that thread calls it.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <grpc/grpc.h>
#include <grpc/support/log.h>

#include "common/arena.h"
#include "server.h"

static const char usage[] =
    "usage: ydbsim [options]\n"
    "ydbsim is a TEST TOOL: a YDB-protocol server for migc/migrun's tests (not a database).\n"
    "\n"
    "  --listen HOST:PORT    loopback address (127.0.0.1 or localhost); port 0 = a free port.\n"
    "                        When ready it prints one line: listening on HOST:PORT\n"
    "  --database PATH       the database name (default /local)\n"
    "  --auth MODE           none (default) | token:TOKEN | static:USER:PASSWORD\n"
    "                        (static: AuthService/Login issues a JWT-shaped token with an exp claim)\n"
    "  --tls-cert FILE       serve TLS with this PEM certificate ...\n"
    "  --tls-key FILE        ... and this PEM private key\n"
    "  --log-calls FILE      append one line per RPC: time, method, YDB status [grpc=..] [fault=..]\n"
    "  --state FILE          load the engine's state from FILE (if it exists), save it on exit\n"
    "  --fail N[:METHOD]:STATUS[/CODE][:before|after]\n"
    "                        fail the Nth call (counting only METHOD if given) with a YDB status\n"
    "                        (ABORTED, UNAVAILABLE, ...) or a gRPC status (GRPC_UNAVAILABLE, ...),\n"
    "                        before applying it (default) or after; /CODE: the issue's code\n"
    "  --drop N[:METHOD]     close the client's connection on the Nth call\n"
    "  --delay MS[:METHOD]   delay every (matching) reply by MS milliseconds\n"
    "  --fail-random PCT     fail PCT % of all calls, each with a fault drawn from YDB's retryable\n"
    "                        statuses (before the call), UNDETERMINED or GRPC_UNAVAILABLE (before\n"
    "                        or after applying it), or a dropped connection\n"
    "  --seed N              the seed of --fail-random's choices (default 1): a seed replays a run\n"
    "  --advertise-port PORT report PORT in ListEndpoints (a proxy such as ydb-wire-proxy in front)\n"
    "  --ydb-version VER     what YQL's Version() answers (default " SIM_DEFAULT_VERSION "); none: the\n"
    "                        function is unknown, as on a release that predates it\n"
    "  --index-build-ms MS   an index added to a table with rows builds for MS ms: DescribeTable\n"
    "                        lists it BUILDING, the ALTER TABLE answers when the build ends\n"
    "  --index-build-fail    ... and then the build fails (the index goes away)\n"
    "  --help                this text\n"
    "METHOD: a method name (ExecuteQuery), Service/Method, or a full path.\n"
    "Options may repeat (--fail, --drop, --delay). SIGINT/SIGTERM stop the server cleanly.\n";

typedef struct run_ctx {
    sim_server *srv;
} run_ctx;

static void *loop_thread(void *p)
{
    run_ctx *rc = p;
    sim_server_run(rc->srv);
    return NULL;
}

static void quiet_log(gpr_log_func_args *args)
{
    if (args->severity == GPR_LOG_SEVERITY_ERROR) fprintf(stderr, "ydbsim: grpc: %s\n", args->message);
}

static int parse_listen(sim_config *cfg, const char *arg)
{
    const char *colon = strrchr(arg, ':');
    if (!colon) return -1;
    char *host = mig_xstrdup(arg);
    host[colon - arg] = 0;
    if (strcmp(host, "127.0.0.1") != 0 && strcmp(host, "localhost") != 0) {
        free(host);
        return -2;
    }
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || port < 0 || port > 65535) {
        free(host);
        return -1;
    }
    free(cfg->host);
    cfg->host = host;
    cfg->port = (int)port;
    return 0;
}

static void config_free(sim_config *cfg)
{
    free(cfg->host);
    free(cfg->database);
    free(cfg->auth_token);
    free(cfg->auth_user);
    free(cfg->auth_password);
    free(cfg->tls_cert);
    free(cfg->tls_key);
    free(cfg->log_calls);
    free(cfg->state);
    sim_faults_free(&cfg->faults);
}

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = mig_xstrdup(v);
}

int main(int argc, char **argv)
{
    enum { O_LISTEN = 256, O_DATABASE, O_AUTH, O_TLS_CERT, O_TLS_KEY, O_LOG, O_STATE, O_FAIL, O_DROP, O_DELAY, O_ADVERTISE, O_YDB_VERSION, O_BUILD_MS, O_BUILD_FAIL, O_HELP,
           O_FAIL_RANDOM, O_SEED };
    static const struct option opts[] = {
        {"listen", required_argument, NULL, O_LISTEN}, {"database", required_argument, NULL, O_DATABASE},
        {"auth", required_argument, NULL, O_AUTH}, {"tls-cert", required_argument, NULL, O_TLS_CERT},
        {"tls-key", required_argument, NULL, O_TLS_KEY}, {"log-calls", required_argument, NULL, O_LOG},
        {"state", required_argument, NULL, O_STATE}, {"fail", required_argument, NULL, O_FAIL},
        {"drop", required_argument, NULL, O_DROP}, {"delay", required_argument, NULL, O_DELAY},
        {"advertise-port", required_argument, NULL, O_ADVERTISE}, {"ydb-version", required_argument, NULL, O_YDB_VERSION},
        {"index-build-ms", required_argument, NULL, O_BUILD_MS}, {"index-build-fail", no_argument, NULL, O_BUILD_FAIL},
        {"help", no_argument, NULL, O_HELP}, {"fail-random", required_argument, NULL, O_FAIL_RANDOM},
        {"seed", required_argument, NULL, O_SEED}, {NULL, 0, NULL, 0},
    };
    sim_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.host = mig_xstrdup("127.0.0.1");
    cfg.database = mig_xstrdup("/local");
    char err[512];
    const char *ydb_version = SIM_DEFAULT_VERSION; /* NULL: none */
    int rc = 0, o;
    unsigned build_ms = 0;
    bool build_fail = false;
    bool seed_given = false;
    unsigned long long seed_value = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case O_LISTEN: {
            int r = parse_listen(&cfg, optarg);
            if (r == -2) {
                fprintf(stderr, "ydbsim: --listen %s: ydbsim listens on loopback only (127.0.0.1 or localhost)\n", optarg);
                rc = 2;
            } else if (r) {
                fprintf(stderr, "ydbsim: --listen %s: expected HOST:PORT\n", optarg);
                rc = 2;
            }
            break;
        }
        case O_DATABASE:
            if (optarg[0] != '/') {
                fprintf(stderr, "ydbsim: --database %s: must start with /\n", optarg);
                rc = 2;
            }
            set_str(&cfg.database, optarg);
            break;
        case O_AUTH:
            if (strcmp(optarg, "none") == 0) {
                cfg.auth = SIM_AUTH_NONE;
            } else if (strncmp(optarg, "token:", 6) == 0 && optarg[6]) {
                cfg.auth = SIM_AUTH_TOKEN;
                set_str(&cfg.auth_token, optarg + 6);
            } else if (strncmp(optarg, "static:", 7) == 0 && strchr(optarg + 7, ':') && optarg[7] != ':') {
                cfg.auth = SIM_AUTH_STATIC;
                const char *c2 = strchr(optarg + 7, ':');
                free(cfg.auth_user);
                cfg.auth_user = mig_xstrdup(optarg + 7);
                cfg.auth_user[c2 - (optarg + 7)] = 0;
                set_str(&cfg.auth_password, c2 + 1);
            } else {
                fprintf(stderr, "ydbsim: --auth %s: expected none, token:TOKEN or static:USER:PASSWORD\n", optarg);
                rc = 2;
            }
            break;
        case O_TLS_CERT: set_str(&cfg.tls_cert, optarg); break;
        case O_TLS_KEY: set_str(&cfg.tls_key, optarg); break;
        case O_LOG: set_str(&cfg.log_calls, optarg); break;
        case O_STATE: set_str(&cfg.state, optarg); break;
        case O_FAIL:
        case O_DROP:
        case O_DELAY:
            if (sim_fault_parse(&cfg.faults, o == O_FAIL ? SIM_FAULT_FAIL : o == O_DROP ? SIM_FAULT_DROP : SIM_FAULT_DELAY,
                                optarg, err, sizeof err)) {
                fprintf(stderr, "ydbsim: %s\n", err);
                rc = 2;
            }
            break;
        case O_FAIL_RANDOM:
            if (sim_fault_random(&cfg.faults, optarg, err, sizeof err)) {
                fprintf(stderr, "ydbsim: %s\n", err);
                rc = 2;
            }
            break;
        case O_SEED: {
            char *end;
            errno = 0;
            unsigned long long seed = strtoull(optarg, &end, 10);
            if (*end || end == optarg || errno || optarg[0] == '-') {
                fprintf(stderr, "ydbsim: --seed %s: expected a number\n", optarg);
                rc = 2;
            }
            seed_given = true;
            seed_value = seed;
            break;
        }
        case O_ADVERTISE: {
            char *end;
            long p = strtol(optarg, &end, 10);
            if (*end || end == optarg || p <= 0 || p > 65535) {
                fprintf(stderr, "ydbsim: --advertise-port %s: expected a port number\n", optarg);
                rc = 2;
            }
            cfg.advertise_port = (int)p;
            break;
        }
        case O_YDB_VERSION: ydb_version = strcmp(optarg, "none") == 0 ? NULL : optarg; break;
        case O_BUILD_MS: {
            char *end;
            long ms = strtol(optarg, &end, 10);
            if (*end || end == optarg || ms < 0 || ms > 3600000) {
                fprintf(stderr, "ydbsim: --index-build-ms %s: expected milliseconds (0 to 3600000)\n", optarg);
                rc = 2;
            }
            build_ms = (unsigned)ms;
            break;
        }
        case O_BUILD_FAIL: build_fail = true; break;
        case O_HELP:
            fputs(usage, stdout);
            config_free(&cfg);
            return 0;
        default:
            fputs(usage, stderr);
            rc = 2;
        }
    }
    if (seed_given) sim_fault_seed(&cfg.faults, seed_value);
    if (!rc && optind < argc) {
        fprintf(stderr, "ydbsim: unexpected argument '%s'\n", argv[optind]);
        rc = 2;
    }
    if (!rc && (!cfg.tls_cert) != (!cfg.tls_key)) {
        fprintf(stderr, "ydbsim: --tls-cert and --tls-key go together\n");
        rc = 2;
    }
    if (rc) {
        config_free(&cfg);
        return rc;
    }

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    sim_engine *engine = NULL;
    if (cfg.state && access(cfg.state, F_OK) == 0) {
        engine = sim_engine_load(cfg.state, cfg.database);
        if (!engine) {
            fprintf(stderr, "ydbsim: --state %s: cannot load the state\n", cfg.state);
            config_free(&cfg);
            return 1;
        }
    } else {
        engine = sim_engine_new(cfg.database);
    }
    sim_engine_set_version(engine, ydb_version);

    sim_engine_set_index_build(engine, build_ms, build_fail);
    gpr_set_log_function(quiet_log);
    grpc_init();
    sim_server *srv = sim_server_new(&cfg, engine, err, sizeof err);
    if (!srv) {
        fprintf(stderr, "ydbsim: %s\n", err);
        grpc_shutdown();
        sim_engine_free(engine);
        config_free(&cfg);
        return 1;
    }
    printf("listening on %s:%d\n", cfg.host, sim_server_port(srv));
    fflush(stdout);

    run_ctx ctx = {srv};
    pthread_t th;
    if (pthread_create(&th, NULL, loop_thread, &ctx) != 0) {
        fprintf(stderr, "ydbsim: cannot start the server thread\n");
        rc = 1;
    } else {
        int sig = 0;
        sigwait(&set, &sig);
        sim_server_stop(srv);
        pthread_join(th, NULL);
    }
    sim_server_free(srv);
    grpc_shutdown();
    if (cfg.state && sim_engine_save(engine, cfg.state) != 0) {
        fprintf(stderr, "ydbsim: --state %s: cannot save: %s\n", cfg.state, strerror(errno));
        rc = 1;
    }
    sim_engine_free(engine);
    config_free(&cfg);
    return rc;
}
