/* call_faults.c - what ydbsim's --drop and --log-calls do to one call: close the TCP
 * connection it came on, write its line to the call log. (faults.c parses the options
 * and decides which call gets which fault.) TEST TOOL. */
#include "server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <grpc/support/alloc.h>

/* ---------------------------------------------------------------- log */

void sim_call_log(sim_server *s, sim_call *c, const char *path)
{
    if (!s->log) return;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    fprintf(s->log, "%s.%03ldZ %s %s", when, ts.tv_nsec / 1000000, path,
            c->ydb_status ? sim_ydb_status_name(c->ydb_status) : "-");
    if (c->gstatus != GRPC_STATUS_OK) fprintf(s->log, " grpc=%s", sim_grpc_status_name(c->gstatus));
    if (c->fault.fail) fprintf(s->log, " fault=fail:%s", c->fault.after ? "after" : "before");
    if (c->fault.drop) fprintf(s->log, " fault=drop");
    if (c->fault.delay_ms) fprintf(s->log, " fault=delay:%u", c->fault.delay_ms);
    fputc('\n', s->log);
    fflush(s->log);
}

/* ---------------------------------------------------------------- drop */

/* Close the TCP connection a call came on: find our socket whose peer is the call's
 * peer and shut it down. grpc then sees the connection die, as with a network fault. */
void sim_call_drop_connection(sim_call *c)
{
    char *peer = grpc_call_get_peer(c->call);
    if (!peer) return;
    const char *hp = strncmp(peer, "ipv4:", 5) == 0 ? peer + 5 : NULL;
    const char *colon = hp ? strrchr(hp, ':') : NULL;
    if (!colon) {
        gpr_free(peer);
        return;
    }
    char host[64];
    size_t hl = (size_t)(colon - hp);
    if (hl >= sizeof host) hl = sizeof host - 1;
    memcpy(host, hp, hl);
    host[hl] = 0;
    int port = atoi(colon + 1);
    gpr_free(peer);
    DIR *d = opendir("/proc/self/fd");
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        int fd = atoi(de->d_name);
        if (fd <= 2 || fd == dirfd(d)) continue;
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        if (getpeername(fd, (struct sockaddr *)&ss, &sl) != 0) continue;
        char buf[INET6_ADDRSTRLEN];
        int pport;
        if (ss.ss_family == AF_INET) {
            const struct sockaddr_in *sa = (const struct sockaddr_in *)&ss;
            if (!inet_ntop(AF_INET, &sa->sin_addr, buf, sizeof buf)) continue;
            pport = ntohs(sa->sin_port);
        } else if (ss.ss_family == AF_INET6) {
            /* grpc may accept on a dual-stack socket: ::ffff:127.0.0.1 */
            const struct sockaddr_in6 *sa = (const struct sockaddr_in6 *)&ss;
            if (!IN6_IS_ADDR_V4MAPPED(&sa->sin6_addr)) continue;
            if (!inet_ntop(AF_INET, &sa->sin6_addr.s6_addr[12], buf, sizeof buf)) continue;
            pport = ntohs(sa->sin6_port);
        } else {
            continue;
        }
        if (strcmp(buf, host) == 0 && pport == port) shutdown(fd, SHUT_RDWR);
    }
    closedir(d);
}
