/* grpclog.h - gRPC's own log records, routed into the driver's log callback.
 *
 * grpc core prints its records (`E1203 ... ssl_transport_security.cc ... Handshake
 * failed`) on stderr by itself. The driver installs its own function instead
 * (gpr_set_log_function, before grpc_init), which hands each record to the callback of
 * the connections open at the time, at level 0 (debug), as "grpc: FILE:LINE: MESSAGE";
 * with no callback the record is dropped, never printed raw. gRPC's logger is one per
 * process and takes no user data, so the callback lives in this file's one guarded slot.
 */
#ifndef MIG_YDB_GRPCLOG_H
#define MIG_YDB_GRPCLOG_H

typedef void (*ydb_log_fn)(void *ud, int level, const char *msg);

/* Install the function and register fn/ud (fn may be NULL: nothing to register) for the
 * life of a connection; detach when it closes. The latest registered callback receives
 * the records until the last connection is gone. */
void ydb_grpclog_attach(ydb_log_fn fn, void *ud);
void ydb_grpclog_detach(void);

#endif
