/* grpclog.c - see grpclog.h. */
#include "grpclog.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <grpc/support/log.h>

/* gpr_set_log_function has no user data: the one place the driver keeps process state. */
static struct {
    pthread_mutex_t mu;
    ydb_log_fn fn;
    void *ud;
    int users; /* connections registered */
} sink = {PTHREAD_MUTEX_INITIALIZER, NULL, NULL, 0};

static void from_grpc(gpr_log_func_args *args)
{
    const char *file = args->file ? args->file : "?";
    const char *base = strrchr(file, '/');
    char line[1024];
    snprintf(line, sizeof line, "grpc: %s:%d: %s", base ? base + 1 : file, args->line,
             args->message ? args->message : "");
    pthread_mutex_lock(&sink.mu);
    if (sink.fn) sink.fn(sink.ud, 0, line);
    pthread_mutex_unlock(&sink.mu);
}

void ydb_grpclog_attach(ydb_log_fn fn, void *ud)
{
    gpr_set_log_function(from_grpc);
    pthread_mutex_lock(&sink.mu);
    sink.users++;
    if (fn) {
        sink.fn = fn;
        sink.ud = ud;
    }
    pthread_mutex_unlock(&sink.mu);
}

void ydb_grpclog_detach(void)
{
    pthread_mutex_lock(&sink.mu);
    if (sink.users > 0 && --sink.users == 0) {
        sink.fn = NULL;
        sink.ud = NULL;
    }
    pthread_mutex_unlock(&sink.mu);
}
