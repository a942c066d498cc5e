/* services_scheme.c - ydbsim's Scheme service: ListDirectory, DescribePath,
 * MakeDirectory, RemoveDirectory. TEST TOOL. */
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "server.h"
#include "ydb/ydb_scheme.pb-c.h"

static int entry_type_pb(sim_entry_type t)
{
    switch (t) {
    case SIM_ENTRY_DIRECTORY: return YDB__SCHEME__ENTRY__TYPE__DIRECTORY;
    case SIM_ENTRY_TABLE: return YDB__SCHEME__ENTRY__TYPE__TABLE;
    case SIM_ENTRY_DATABASE: return YDB__SCHEME__ENTRY__TYPE__DATABASE;
    }
    return YDB__SCHEME__ENTRY__TYPE__TYPE_UNSPECIFIED;
}

/* ---------------------------------------------------------------- Scheme */

void sim_h_s_list(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Scheme__ListDirectoryRequest *rq = (const void *)req;
    mig_arena *a = sim_call_arena(c);
    sim_entry *es = NULL;
    size_t n = 0;
    sim_result r = sim_list_directory(sim_server_engine(s), rq->path, &es, &n);
    if (r.status != SIM_SUCCESS) {
        sim_reply_result(c, &r, NULL, NULL);
    } else {
        sim_entry self = {0};
        sim_result r2 = sim_describe_path(sim_server_engine(s), rq->path, &self);
        Ydb__Scheme__ListDirectoryResult res = YDB__SCHEME__LIST_DIRECTORY_RESULT__INIT;
        res.self = sim_entry_pb(a, self.name ? self.name : sim_last_component(rq->path),
                            entry_type_pb(self.type ? self.type : SIM_ENTRY_DIRECTORY));
        res.n_children = n;
        res.children = mig_alloc(a, (n + 1) * sizeof *res.children);
        for (size_t i = 0; i < n; i++) res.children[i] = sim_entry_pb(a, es[i].name, entry_type_pb(es[i].type));
        sim_reply_result(c, &r, &res.base, "Ydb.Scheme.ListDirectoryResult");
        free(self.name);
        sim_result_free(&r2);
    }
    for (size_t i = 0; i < n; i++) free(es[i].name);
    free(es);
    sim_result_free(&r);
}

void sim_h_s_describe(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Scheme__DescribePathRequest *rq = (const void *)req;
    mig_arena *a = sim_call_arena(c);
    sim_entry self = {0};
    sim_result r = sim_describe_path(sim_server_engine(s), rq->path, &self);
    Ydb__Scheme__DescribePathResult res = YDB__SCHEME__DESCRIBE_PATH_RESULT__INIT;
    res.self = sim_entry_pb(a, self.name ? self.name : sim_last_component(rq->path), entry_type_pb(self.type));
    sim_reply_result(c, &r, &res.base, "Ydb.Scheme.DescribePathResult");
    free(self.name);
    sim_result_free(&r);
}

void sim_h_s_mkdir(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Scheme__MakeDirectoryRequest *rq = (const void *)req;
    sim_result r = sim_make_directory(sim_server_engine(s), rq->path);
    sim_reply_result(c, &r, NULL, NULL);
    sim_result_free(&r);
}

void sim_h_s_rmdir(sim_server *s, sim_call *c, const ProtobufCMessage *req)
{
    const Ydb__Scheme__RemoveDirectoryRequest *rq = (const void *)req;
    sim_result r = sim_remove_directory(sim_server_engine(s), rq->path);
    sim_reply_result(c, &r, NULL, NULL);
    sim_result_free(&r);
}
