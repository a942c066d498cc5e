/* conn.h - what the driver's files share: the connection and the transaction (struct
 * ydb_conn, struct ydb_tx), an error on its way to a ydb_error, and the functions the files
 * call across. Internal to runtime/ydb; driver.h is the module's API.
 *
 *   conn.c     the connection: options, channel and TLS, discovery, login, calls, the log
 *   status.c   YDB's and gRPC's statuses: issues, classification, the error for people
 *   retry.c    the retry loop, its backoff and its budget; the clock
 *   session.c  the query session (and its AttachSession stream) and the table session
 *   query.c    ExecuteQuery: parameters in, result sets out
 *   tx.c       transactions: begin, statements, commit, rollback, the transaction retry
 *   scheme.c   DescribeTable, RenameTables, MakeDirectory, ListDirectory
 *
 * References: ../shared/reference/ydb-protocol.md (§10 for the behaviour).
 *
 * Ownership: a ydb_conn owns its channel, its sessions, copies of every option string
 * (the secret ones are wiped before they are freed) and the text of the last error it
 * reported (ydb_error strings stay valid until the next failing call on the connection or
 * ydb_close; ydb_connect's failure text lives in the caller's arena). Nothing is global
 * but grpc's own reference-counted init.
 */
#ifndef MIG_YDB_CONN_H
#define MIG_YDB_CONN_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <grpc/grpc.h>
#include <protobuf-c/protobuf-c.h>

#include "../../common/buf.h"
#include "internal.h"
#include "rpc.h"
#include "ydb/ydb_operation.pb-c.h"

enum { ST_SUCCESS = 400000, ST_BAD_REQUEST = 400010, ST_UNAUTHORIZED = 400020, ST_ABORTED = 400040,
       ST_UNAVAILABLE = 400050, ST_OVERLOADED = 400060, ST_SCHEME_ERROR = 400070, ST_GENERIC_ERROR = 400080,
       ST_TIMEOUT = 400090, ST_BAD_SESSION = 400100, ST_NOT_FOUND = 400140, ST_SESSION_EXPIRED = 400150,
       ST_UNDETERMINED = 400170, ST_SESSION_BUSY = 400190 };

enum { LOG_DEBUG = 0, LOG_INFO = 1 };
enum { SESS_NONE = 0, SESS_QUERY = 1, SESS_TABLE = 2 };
enum { BACKOFF_NONE, BACKOFF_INSTANT, BACKOFF_FAST, BACKOFF_SLOW };

struct ydb_conn {
    char *url_shown;   /* scheme://host:port/database, for messages */
    char *target;      /* host:port for grpc */
    char *database;
    bool tls;
    ydb_auth_kind auth;
    char *token;       /* access token, or the one Login issued */
    time_t token_renew;/* static: log in again from then on (0: never) */
    char *user, *password;
    char *app_name;
    char *ca_pem;
    int connect_timeout_ms, call_timeout_ms, retry_budget_ms;
    int default_call_timeout_ms; /* ydb_options.call_timeout_ms, or its default */
    void (*log)(void *ud, int level, const char *msg);
    void *log_ud;
    grpc_channel *ch;
    bool grpc_inited;
    /* the query session and its AttachSession stream */
    char *qs_id;
    rpc_attach qs_attach;
    bool qs_recycle;   /* the server hinted session-close: replace it before the next use */
    bool tx_open;
    /* the table session (DescribeTable, RenameTables) */
    char *ts_id;
    unsigned rnd;
    int fail_backoff_hint; /* the backoff the last failed commit asks for */
    int64_t failing_since; /* when the current run of failures began (monotonic ms); 0: none */
    /* the text behind the last ydb_error */
    char *err_name, *err_msg;
};

struct ydb_tx {
    ydb_conn *c;
    char *id;           /* NULL until the first statement began it */
    bool failed;        /* a statement failed: YDB has ended the transaction */
    bool rerun;         /* ... and running the whole transaction again may succeed */
    int fail_backoff;
    int fail_gs, fail_ys;
    char *fail_msg;
    bool committed;     /* its last statement committed it (ydb_tx_exec_commit) */
};

/* An error on its way to a ydb_error. */
typedef struct yerr {
    int gs, ys;
    const char *local;   /* a status name of our own ("BAD_PARAMETER"), when neither */
    mig_buf msg;
    bool never_sent;     /* the call provably did not reach the server */
    int session;         /* SESS_*: which session the failure concerns */
    bool final_abort;    /* ABORTED with an issue that says a rerun cannot succeed */
} yerr;

/* What the SDKs do about a failure. */
typedef struct yerr_cls {
    bool always;        /* the SDKs retry it whatever the operation */
    bool idem;          /* only when the operation is idempotent */
    bool undetermined;  /* it may have taken effect */
    int backoff;
    bool drop_session;
} yerr_cls;

/* ---- conn.c: the connection */

/* A line for the log callback (none: nothing). */
__attribute__((format(printf, 3, 4))) void ydb_say(ydb_conn *c, int level, const char *fmt, ...);
/* The connection's headers for a call (with the token when auth). */
rpc_headers ydb_headers(const ydb_conn *c, bool auth);
/* A unary call with a deadline and the connection's headers; the reply, or NULL with *e. */
ProtobufCMessage *ydb_call(ydb_conn *c, const char *method, const ProtobufCMessage *req,
                           const ProtobufCMessageDescriptor *rd, int timeout_ms, bool auth, yerr *e);
/* An Op-shape reply: status SUCCESS and (when rd) the result unpacked. */
int ydb_op_result(const Ydb__Operations__Operation *op, const ProtobufCMessageDescriptor *rd,
                  ProtobufCMessage **result, yerr *e);
/* Static credentials: Login, and the time to log in again. */
int ydb_login(ydb_conn *c, int timeout_ms, yerr *e);

/* ---- status.c: statuses and errors */

void yerr_free(yerr *e);
__attribute__((format(printf, 2, 3))) void yerr_msg(yerr *e, const char *fmt, ...);
/* The messages of a tree of issues, depth first, each once. */
void ydb_issues_flatten(mig_buf *b, Ydb__Issue__IssueMessage *const *is, size_t n);
/* Issue 200509 (the datashard's program size limit: the query itself is too large) makes an
 * ABORTED final; the Go SDK does not retry it (reference §10.2, decision 0017). */
enum { ISSUE_PROGRAM_TOO_LARGE = 200509 };
bool ydb_issues_have_code(Ydb__Issue__IssueMessage *const *is, size_t n, uint32_t code);
/* A YDB status with its issues (the message: the issues, or the status's name). */
void yerr_set_status(yerr *e, int status, Ydb__Issue__IssueMessage *const *is, size_t n);
/* A transport failure (never_sent when grpc's wording names the connect step). */
void yerr_set_transport(ydb_conn *c, yerr *e, const rpc_status *st);
/* hay contains needle, without regard to case (NULL hay: no). */
bool ydb_icontains(const char *hay, const char *needle);
yerr_cls yerr_classify(const yerr *e);
/* The status of a failure, by name: "ABORTED", "UNAVAILABLE" (gRPC's by its own name). */
const char *yerr_status(const yerr *e);
/* The error for people: into the connection's slots (or `a` when given). */
void yerr_fill(ydb_conn *c, mig_arena *a, ydb_error *err, const yerr *e, const yerr_cls *k, bool retryable);
/* An error of the driver's own (name: "BAD_CALL", ...), not retryable. */
__attribute__((format(printf, 5, 6))) void yerr_local(ydb_conn *c, mig_arena *a, ydb_error *err, const char *name,
                                                      const char *fmt, ...);
/* The name of a status code ("SCHEME_ERROR"), or NULL when it is not one. */
const char *ydb_status_name(int status);

/* ---- retry.c: retries */

int64_t ydb_now_ms(void); /* monotonic */
void ydb_sleep_ms(int ms);
/* The wait before attempt+1 (BACKOFF_*), within the retry budget. */
int ydb_backoff_ms(ydb_conn *c, int kind, int attempt);
/* Starts the run of failures when none is going on; whether a wait of delay ms fits the budget. */
bool ydb_budget_allows(ydb_conn *c, int delay);
/* "retrying: UNAVAILABLE, attempt 3, next in 4 s (what: message)" at INFO. */
void ydb_say_retry(ydb_conn *c, const char *what, const char *status, const char *msg, int attempt, int delay);
/* Static credentials: log in again when the token is half-way through its life. */
int ydb_fresh_token(ydb_conn *c, yerr *e);
bool ydb_auth_rejected(const yerr *e);
typedef int (*ydb_op_fn)(ydb_conn *c, void *ud, yerr *e);
/* Run fn until it succeeds, fails for good, or the budget is spent. */
int ydb_with_retry(ydb_conn *c, const char *what, bool idempotent, ydb_op_fn fn, void *ud, ydb_error *err);

/* ---- session.c: sessions */

/* A live query session in c->qs_id (the one we have, or a new one). */
int ydb_qsession(ydb_conn *c, int timeout_ms, yerr *e);
void ydb_qsession_delete(ydb_conn *c);
/* A table session in c->ts_id. */
int ydb_tsession(ydb_conn *c, int timeout_ms, yerr *e);
void ydb_tsession_delete(ydb_conn *c);
/* Forget a session a failure spoilt (SESS_*); the query session of an open transaction is
 * replaced before its next use instead. */
void ydb_drop_session(ydb_conn *c, int which);

/* ---- query.c: ExecuteQuery */

/* One statement of tx, once (commit: it commits the transaction): its result sets into res
 * (in a) when res, or -1 with *e. */
int ydb_exec_in_tx(ydb_conn *c, ydb_tx *tx, bool commit, const char *yql, const mig_param *params, size_t nparams,
                   mig_arena *a, ydb_result *res, yerr *e);

#endif
