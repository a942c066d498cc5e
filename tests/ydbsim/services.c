/* services.c - ydbsim's method table, the Discovery and Auth services, and what the
 * handlers of all services share (replies from engine results, sessions and transactions
 * of a call, scheme entries). TEST TOOL.
 * Each handler turns a decoded request into engine calls and replies with YDB's shapes:
 * Op (operation, ready=true, exact Any type URL) or St (status + issues). The Table
 * service is in services_table.c, Query in services_query.c, Scheme in services_scheme.c. */
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "server.h"
#include "ydb/ydb_auth.pb-c.h"
#include "ydb/ydb_discovery.pb-c.h"
#include "ydb/ydb_query.pb-c.h"
#include "ydb/ydb_scheme.pb-c.h"
#include "ydb/ydb_table.pb-c.h"

void sim_reply_result(sim_call *c, sim_result *r, const ProtobufCMessage *result, const char *name)
{
    sim_reply_op(c, (int)r->status, r->issues, r->nissues, result, name);
}

const char *sim_last_component(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

Ydb__Scheme__Entry *sim_entry_pb(mig_arena *a, const char *name, int type)
{
    Ydb__Scheme__Entry *e = mig_alloc(a, sizeof *e);
    ydb__scheme__entry__init(e);
    e->name = mig_strdup(a, name ? name : "");
    e->owner = "root@builtin";
    e->type = (Ydb__Scheme__Entry__Type)type;
    return e;
}

/* ---------------------------------------------------------------- Discovery, Auth */

static void h_list_endpoints(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Discovery__ListEndpointsRequest *rq = (const void *)req;
    const sim_config *cfg = sim_server_config(s);
    mig_arena *a = sim_call_arena(c);
    if (rq->database && *rq->database && strcmp(rq->database, cfg->database) != 0) {
        ERR(c, SIM_SHAPE_OP, SIM_NOT_FOUND, mig_printf(a, "Database %s not found", rq->database));
        return;
    }
    static const char *const services[] = {"discovery", "table_service", "scheme_service", "query_service", "auth"};
    Ydb__Discovery__EndpointInfo *ep = mig_alloc(a, sizeof *ep);
    ydb__discovery__endpoint_info__init(ep);
    ep->address = cfg->host;
    ep->port = (uint32_t)(cfg->advertise_port ? cfg->advertise_port : sim_server_port(s));
    ep->load_factor = 0;
    ep->ssl = cfg->tls_cert != NULL;
    ep->n_service = sizeof services / sizeof services[0];
    ep->service = mig_alloc(a, sizeof services);
    for (size_t i = 0; i < ep->n_service; i++) ep->service[i] = mig_strdup(a, services[i]);
    ep->location = "ydbsim";
    ep->node_id = 1;
    Ydb__Discovery__ListEndpointsResult res = YDB__DISCOVERY__LIST_ENDPOINTS_RESULT__INIT;
    res.n_endpoints = 1;
    res.endpoints = &ep;
    res.self_location = "ydbsim";
    sim_reply_op(c, SIM_SUCCESS, NULL, 0, &res.base, "Ydb.Discovery.ListEndpointsResult");
}

static void h_whoami(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    (void)s;
    (void)req;
    Ydb__Discovery__WhoAmIResult res = YDB__DISCOVERY__WHO_AM_IRESULT__INIT;
    res.user = (char *)(sim_call_user(c) ? sim_call_user(c) : "anonymous");
    sim_reply_op(c, SIM_SUCCESS, NULL, 0, &res.base, "Ydb.Discovery.WhoAmIResult");
}

static void h_login(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Auth__LoginRequest *rq = (const void *)req;
    const sim_config *cfg = sim_server_config(s);
    if (cfg->auth == SIM_AUTH_STATIC) {
        if (strcmp(rq->user, cfg->auth_user) != 0) {
            ERR(c, SIM_SHAPE_OP, SIM_UNAUTHORIZED, "Invalid user");
            return;
        }
        if (strcmp(rq->password, cfg->auth_password) != 0) {
            ERR(c, SIM_SHAPE_OP, SIM_UNAUTHORIZED, "Invalid password");
            return;
        }
    } else if (cfg->auth == SIM_AUTH_TOKEN) {
        ERR(c, SIM_SHAPE_OP, SIM_UNAUTHORIZED, "Login is not available: the server uses access tokens");
        return;
    }
    char *tok = sim_server_issue_token(s, rq->user && *rq->user ? rq->user : "root");
    Ydb__Auth__LoginResult res = YDB__AUTH__LOGIN_RESULT__INIT;
    res.token = mig_strdup(sim_call_arena(c), tok);
    free(tok);
    sim_reply_op(c, SIM_SUCCESS, NULL, 0, &res.base, "Ydb.Auth.LoginResult");
}

/* ---------------------------------------------------------------- transactions */

int sim_tx_mode_of(int tx_mode_case)
{
    switch (tx_mode_case) {
    case 2: return SIM_TX_ONLINE_RO;
    case 3: return SIM_TX_STALE_RO;
    case 4: return SIM_TX_SNAPSHOT_RO;
    default: return SIM_TX_SERIALIZABLE_RW; /* 1 serializable; 5 snapshot RW is served as serializable */
    }
}

/* Resolve a session for a call; replies BAD_SESSION and returns NULL if unknown. */
sim_session *sim_need_session(sim_server *s, sim_call *c, sim_shape shape, const char *id)
{
    sim_session *ss = sim_session_find(s, id);
    if (!ss) ERR(c, shape, SIM_BAD_SESSION, "Session not found");
    return ss;
}

sim_tx *sim_need_tx(sim_server *s, sim_call *c, sim_shape shape, const char *id)
{
    sim_tx *tx = sim_tx_find(sim_server_engine(s), id);
    if (!tx) {
        mig_arena *a = sim_call_arena(c);
        ERR(c, shape, SIM_NOT_FOUND, mig_printf(a, "Transaction not found: %s", id));
    }
    return tx;
}

void sim_after_execute(sim_server *s, sim_session *ss, const char *used_tx, bool commit, sim_result *r)
{
    if (!ss) return;
    if (used_tx && (commit || !sim_tx_find(sim_server_engine(s), used_tx))) sim_session_untrack_tx(ss, used_tx);
    if (r->tx_id) {
        bool known = false;
        for (size_t i = 0; i < ss->ntxs; i++) known = known || strcmp(ss->txs[i], r->tx_id) == 0;
        if (!known) sim_session_track_tx(ss, r->tx_id);
    }
}

/* ---------------------------------------------------------------- the table */

#define OP SIM_SHAPE_OP
#define ST SIM_SHAPE_ST
const sim_method sim_methods[] = {
    {"/Ydb.Discovery.V1.DiscoveryService/ListEndpoints", &ydb__discovery__list_endpoints_request__descriptor, OP, false, false, h_list_endpoints},
    {"/Ydb.Discovery.V1.DiscoveryService/WhoAmI", &ydb__discovery__who_am_irequest__descriptor, OP, false, false, h_whoami},
    {"/Ydb.Auth.V1.AuthService/Login", &ydb__auth__login_request__descriptor, OP, false, true, h_login},
    {"/Ydb.Table.V1.TableService/CreateSession", &ydb__table__create_session_request__descriptor, OP, false, false, sim_h_t_create_session},
    {"/Ydb.Table.V1.TableService/DeleteSession", &ydb__table__delete_session_request__descriptor, OP, false, false, sim_h_t_delete_session},
    {"/Ydb.Table.V1.TableService/KeepAlive", &ydb__table__keep_alive_request__descriptor, OP, false, false, sim_h_t_keep_alive},
    {"/Ydb.Table.V1.TableService/ExecuteSchemeQuery", &ydb__table__execute_scheme_query_request__descriptor, OP, false, false, sim_h_t_scheme_query},
    {"/Ydb.Table.V1.TableService/ExecuteDataQuery", &ydb__table__execute_data_query_request__descriptor, OP, false, false, sim_h_t_data_query},
    {"/Ydb.Table.V1.TableService/DescribeTable", &ydb__table__describe_table_request__descriptor, OP, false, false, sim_h_t_describe_table},
    {"/Ydb.Table.V1.TableService/BeginTransaction", &ydb__table__begin_transaction_request__descriptor, OP, false, false, sim_h_t_begin},
    {"/Ydb.Table.V1.TableService/CommitTransaction", &ydb__table__commit_transaction_request__descriptor, OP, false, false, sim_h_t_commit},
    {"/Ydb.Table.V1.TableService/RollbackTransaction", &ydb__table__rollback_transaction_request__descriptor, OP, false, false, sim_h_t_rollback},
    {"/Ydb.Table.V1.TableService/CreateTable", &ydb__table__create_table_request__descriptor, OP, false, false, sim_h_t_create_table},
    {"/Ydb.Table.V1.TableService/DropTable", &ydb__table__drop_table_request__descriptor, OP, false, false, sim_h_t_drop_table},
    {"/Ydb.Table.V1.TableService/AlterTable", &ydb__table__alter_table_request__descriptor, OP, false, false, sim_h_t_alter_table},
    {"/Ydb.Table.V1.TableService/RenameTables", &ydb__table__rename_tables_request__descriptor, OP, false, false, sim_h_t_rename_tables},
    {"/Ydb.Query.V1.QueryService/CreateSession", &ydb__query__create_session_request__descriptor, ST, false, false, sim_h_q_create_session},
    {"/Ydb.Query.V1.QueryService/DeleteSession", &ydb__query__delete_session_request__descriptor, ST, false, false, sim_h_q_delete_session},
    {"/Ydb.Query.V1.QueryService/AttachSession", &ydb__query__attach_session_request__descriptor, ST, true, false, sim_h_q_attach},
    {"/Ydb.Query.V1.QueryService/BeginTransaction", &ydb__query__begin_transaction_request__descriptor, ST, false, false, sim_h_q_begin},
    {"/Ydb.Query.V1.QueryService/CommitTransaction", &ydb__query__commit_transaction_request__descriptor, ST, false, false, sim_h_q_commit},
    {"/Ydb.Query.V1.QueryService/RollbackTransaction", &ydb__query__rollback_transaction_request__descriptor, ST, false, false, sim_h_q_rollback},
    {"/Ydb.Query.V1.QueryService/ExecuteQuery", &ydb__query__execute_query_request__descriptor, ST, true, false, sim_h_q_execute},
    {"/Ydb.Scheme.V1.SchemeService/ListDirectory", &ydb__scheme__list_directory_request__descriptor, OP, false, false, sim_h_s_list},
    {"/Ydb.Scheme.V1.SchemeService/DescribePath", &ydb__scheme__describe_path_request__descriptor, OP, false, false, sim_h_s_describe},
    {"/Ydb.Scheme.V1.SchemeService/MakeDirectory", &ydb__scheme__make_directory_request__descriptor, OP, false, false, sim_h_s_mkdir},
    {"/Ydb.Scheme.V1.SchemeService/RemoveDirectory", &ydb__scheme__remove_directory_request__descriptor, OP, false, false, sim_h_s_rmdir},
};
const size_t sim_nmethods = sizeof sim_methods / sizeof sim_methods[0];
