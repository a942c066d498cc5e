/* server.h - ydbsim's gRPC side: one async completion queue served by one thread.
 *
 * ydbsim is a TEST TOOL that imitates YDB's answers for what migc/migrun and YDB's
 * official SDKs use. It is not a database and is never installed.
 *
 * All state lives in one sim_server (no global mutable state). Calls are sim_call
 * structs used as completion-queue tags; each owns an arena that holds the request's
 * decoded protobuf, the engine's converted inputs and the response being built.
 */
#ifndef YDBSIM_SERVER_H
#define YDBSIM_SERVER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <grpc/grpc.h>
#include <protobuf-c/protobuf-c.h>

#include "common/arena.h"
#include "engine.h"
#include "faults.h"

typedef enum sim_auth_mode { SIM_AUTH_NONE, SIM_AUTH_TOKEN, SIM_AUTH_STATIC } sim_auth_mode;

typedef struct sim_config {
    char *host;            /* loopback only: 127.0.0.1 or localhost */
    int port;              /* 0: a free port */
    int advertise_port;    /* ListEndpoints reports this port instead (a proxy in front); 0: ours */
    char *database;        /* "/local" */
    sim_auth_mode auth;
    char *auth_token;      /* token mode */
    char *auth_user;       /* static mode */
    char *auth_password;
    char *tls_cert, *tls_key;
    char *log_calls;
    char *state;
    sim_faults faults;
} sim_config;

typedef struct sim_server sim_server;
typedef struct sim_call sim_call;
typedef struct sim_session sim_session;

/* A method ydbsim serves. Op: replies {operation = 1}; St: {status = 1, issues = 2, ...}. */
typedef enum sim_shape { SIM_SHAPE_OP, SIM_SHAPE_ST } sim_shape;
typedef void (*sim_handler)(sim_server *s, sim_call *c, const ProtobufCMessage *req);

typedef struct sim_method {
    const char *path;                            /* "/Ydb.Query.V1.QueryService/ExecuteQuery" */
    const ProtobufCMessageDescriptor *request;
    sim_shape shape;
    bool streaming;                              /* server-streaming reply */
    bool no_auth;                                /* Login */
    sim_handler handler;
} sim_method;

extern const sim_method sim_methods[];
extern const size_t sim_nmethods;

/* ---- what handlers use ---- */

/* Sessions (Table and Query share the id format and the table). */
struct sim_session {
    char *id;
    bool query;            /* QueryService session (has an attach stream) */
    sim_call *attach;      /* the open AttachSession call, or NULL */
    char **txs;            /* ids of transactions begun in this session and not ended */
    size_t ntxs, captxs;
    sim_session *next;
};

sim_engine *sim_server_engine(sim_server *s);
const sim_config *sim_server_config(sim_server *s);
int sim_server_port(sim_server *s);
sim_session *sim_session_new(sim_server *s, bool query);
sim_session *sim_session_find(sim_server *s, const char *id);
void sim_session_delete(sim_server *s, sim_session *ss);   /* rolls back its txs, ends attach */
void sim_session_track_tx(sim_session *ss, const char *tx_id);
void sim_session_untrack_tx(sim_session *ss, const char *tx_id);
/* Login tokens (static auth). Returns a heap string. */
char *sim_server_issue_token(sim_server *s, const char *user);

/* The call being handled. */
mig_arena *sim_call_arena(sim_call *c);
const char *sim_call_header(sim_call *c, const char *key);   /* request metadata, or NULL */
const char *sim_call_user(sim_call *c);                      /* authenticated user, or NULL */
/* Queue a reply message (packed now); the last one of a unary call is its reply. */
void sim_reply(sim_call *c, const ProtobufCMessage *msg);
/* Record the YDB status for --log-calls and for faults applied "after". */
void sim_set_status(sim_call *c, int ydb_status);
/* Finish the call after the queued messages (streams; unary calls finish by themselves). */
void sim_finish(sim_call *c);
/* Send this call's replies `ms` later (the server goes on serving other calls meanwhile). */
void sim_delay_reply(sim_call *c, unsigned ms);
/* Keep a streaming call open after the queued messages (AttachSession). */
void sim_keep_open(sim_call *c, sim_session *ss);
/* Ask the client to close its session after this call (trailer x-ydb-server-hints). */
void sim_hint_session_close(sim_call *c);

/* Op-shape and St-shape replies with no payload (errors, and calls without a result). */
void sim_reply_op(sim_call *c, int status, const sim_issue *issues, size_t nissues,
                  const ProtobufCMessage *result, const char *result_full_name);
void sim_reply_st(sim_call *c, int status, const sim_issue *issues, size_t nissues);
void sim_reply_error(sim_call *c, sim_shape shape, int status, const char *message);

/* ---- what the services*.c handlers share (services.c) ---- */
#define ERR(c, shape, st, msg) sim_reply_error((c), (shape), (st), (msg))
/* An Op-shape reply from an engine result (its status, issues; result on success). */
void sim_reply_result(sim_call *c, sim_result *r, const ProtobufCMessage *result, const char *name);
const char *sim_last_component(const char *path);
struct Ydb__Scheme__Entry *sim_entry_pb(mig_arena *a, const char *name, int type);
int sim_tx_mode_of(int tx_mode_case);   /* a TransactionSettings tx_mode case: SIM_TX_* */
/* Resolve a session / transaction for a call; reply BAD_SESSION / NOT_FOUND and return NULL
 * if unknown. */
sim_session *sim_need_session(sim_server *s, sim_call *c, sim_shape shape, const char *id);
sim_tx *sim_need_tx(sim_server *s, sim_call *c, sim_shape shape, const char *id);
/* After a query ran in a session: track the transaction it began, forget the one it ended. */
void sim_after_execute(sim_server *s, sim_session *ss, const char *used_tx, bool commit, sim_result *r);

/* ---- the handlers of sim_methods ---- */
/* services_table.c */
void sim_h_t_create_session(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_t_delete_session(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_t_keep_alive(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_t_scheme_query(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_t_data_query(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_t_describe_table(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_t_begin(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_t_commit(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_t_rollback(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_t_create_table(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_t_drop_table(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_t_alter_table(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_t_rename_tables(sim_server *s, sim_call *c, const ProtobufCMessage *req);
/* services_query.c */
void sim_h_q_create_session(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_q_delete_session(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_q_attach(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_q_begin(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_q_commit(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_q_rollback(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_q_execute(sim_server *s, sim_call *c, const ProtobufCMessage *req);
/* services_scheme.c */
void sim_h_s_list(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_s_describe(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_s_mkdir(sim_server *s, sim_call *c, const ProtobufCMessage *req);
void sim_h_s_rmdir(sim_server *s, sim_call *c, const ProtobufCMessage *req);

/* ---- lifecycle (main.c) ---- */
sim_server *sim_server_new(sim_config *cfg, sim_engine *e, char *err, size_t errlen);
void sim_server_run(sim_server *s);    /* the CQ loop; returns after sim_server_stop */
void sim_server_stop(sim_server *s);   /* thread-safe: begins shutdown */
void sim_server_free(sim_server *s);

/* ---- server internals (server.c, replies.c, sessions.c, call_faults.c; not handlers) ---- */

typedef enum tag_kind { TAG_NEW, TAG_WRITE, TAG_CLOSE, TAG_SHUTDOWN } tag_kind;
typedef struct sim_tag {
    tag_kind kind;
    sim_call *call;
} sim_tag;

typedef struct out_msg {
    grpc_byte_buffer *bb;
    struct out_msg *next;
} out_msg;

struct sim_call {
    sim_server *srv;
    const sim_method *m;          /* NULL: the catch-all */
    sim_tag tag_new, tag_write, tag_close;
    grpc_call *call;
    gpr_timespec deadline;
    grpc_metadata_array md;
    grpc_call_details details;    /* catch-all only */
    grpc_byte_buffer *payload;
    mig_arena *arena;
    const char *user;

    out_msg *out_head, *out_tail;
    bool started;                 /* arrived (tag_new succeeded) */
    bool sent_initial;
    bool finishing;               /* send the status after the queue */
    bool status_sent;
    bool write_pending;
    bool close_pending;
    bool closed;                  /* RECV_CLOSE completed */
    int cancelled;
    bool hint_close;
    grpc_status_code gstatus;
    char *gdetails;               /* heap */
    grpc_metadata trailer;

    int ydb_status;               /* for the log */
    sim_fault_action fault;
    gpr_timespec due;             /* delayed reply */
    bool delayed;
    sim_session *attached;        /* AttachSession: the session it keeps alive */

    sim_call *prev, *next;        /* live calls */
};

struct sim_server {
    sim_config *cfg;
    sim_engine *engine;
    grpc_server *server;
    grpc_completion_queue *cq;
    void **registered;            /* one per sim_methods entry */
    int port;
    sim_tag shutdown_tag;
    bool shutdown_done;
    sim_call *live;
    sim_session *sessions;
    unsigned long next_session, next_token;
    FILE *log;
    uint64_t secret;
};

/* server.c */
void sim_call_kick(sim_call *c);   /* start the next batch; frees the call when it is over */
/* replies.c */
void sim_call_drop_replies(sim_call *c);
void sim_call_grpc_fail(sim_call *c, grpc_status_code code, const char *details);
/* sessions.c */
void sim_session_free(sim_server *s, sim_session *ss, bool rollback);
int sim_check_issued_token(sim_server *s, mig_arena *a, const char *tok, const char **user);
/* call_faults.c */
void sim_call_log(sim_server *s, sim_call *c, const char *path);
void sim_call_drop_connection(sim_call *c);

#endif
