/* rpc.h - gRPC core plumbing of the driver: one pluck CQ per call, protobuf-c payloads,
 * the x-ydb-* headers, and the AttachSession stream that keeps a query session alive.
 * Internal to runtime/ydb. */
#ifndef MIG_YDB_RPC_H
#define MIG_YDB_RPC_H

#include <stdbool.h>
#include <stddef.h>

#include <grpc/grpc.h>
#include <protobuf-c/protobuf-c.h>

/* What the transport says about one call. */
typedef struct rpc_status {
    grpc_status_code gs;
    char *details;       /* malloc'd, may be NULL */
    bool session_close;  /* trailer x-ydb-server-hints: session-close */
    bool got_message;    /* a reply message arrived (streams: at least one part) */
} rpc_status;

void rpc_status_clear(rpc_status *st);

/* Headers for one call; values are copied. */
typedef struct rpc_headers {
    const char *database, *ticket, *build_info, *app_name;
} rpc_headers;

/* A unary call; returns the reply (free with protobuf_c_message_free_unpacked) when the
 * gRPC status is OK and the reply parses, otherwise NULL with st->gs set. */
ProtobufCMessage *rpc_unary(grpc_channel *ch, const char *method, const rpc_headers *h,
                            const ProtobufCMessage *req, const ProtobufCMessageDescriptor *rd, int timeout_ms,
                            rpc_status *st);

/* A server-streaming call: fn gets every reply message (it does not free it) and returns
 * 0 to go on or nonzero to cancel the call. */
typedef int (*rpc_part_fn)(void *ud, const ProtobufCMessage *msg);
void rpc_stream(grpc_channel *ch, const char *method, const rpc_headers *h, const ProtobufCMessage *req,
                const ProtobufCMessageDescriptor *rd, int timeout_ms, rpc_part_fn fn, void *ud, rpc_status *st);

/* The AttachSession stream of a query session. */
typedef struct rpc_attach {
    grpc_call *call;
    grpc_completion_queue *cq;
    grpc_byte_buffer *recv;
    grpc_metadata_array imd, tmd;
    grpc_status_code gs;
    grpc_slice details;
    int pending;        /* batches started and not yet completed */
    bool msg_armed;
    bool dead;
} rpc_attach;

/* Open the stream and wait (up to timeout_ms) for the first SessionState. Returns 0 when
 * it says SUCCESS; otherwise -1 with *ydb_status (0 when the stream itself failed) and
 * st (gRPC status, details) filled, and the stream closed. */
int rpc_attach_open(rpc_attach *at, grpc_channel *ch, const rpc_headers *h, const char *session_id,
                    int timeout_ms, int *ydb_status, rpc_status *st);
/* Look (without waiting) whether the stream is still open and no shutdown was hinted. */
bool rpc_attach_alive(rpc_attach *at);
/* Cancel and release everything (no-op on a closed one). */
void rpc_attach_close(rpc_attach *at);

const char *rpc_grpc_status_name(grpc_status_code gs);

#endif
