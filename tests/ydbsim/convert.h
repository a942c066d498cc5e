/* convert.h - protobuf (Ydb.Type/Value/ResultSet/IssueMessage) <-> engine types. TEST TOOL.
 * Everything made here lives in the call's arena. */
#ifndef YDBSIM_CONVERT_H
#define YDBSIM_CONVERT_H

#include "common/arena.h"
#include "engine.h"
#include "ydb/ydb_issue_message.pb-c.h"
#include "ydb/ydb_value.pb-c.h"

sim_type *sim_type_from_pb(mig_arena *a, const Ydb__Type *t);          /* NULL: unsupported */
int sim_value_from_pb(mig_arena *a, const Ydb__Value *v, const sim_type *t, sim_value *out); /* 0 or -1 */
Ydb__Type *sim_type_to_pb(mig_arena *a, const sim_type *t);
Ydb__Value *sim_value_to_pb(mig_arena *a, const sim_value *v, const sim_type *t);
Ydb__ResultSet *sim_result_set_to_pb(mig_arena *a, const sim_result_set *rs);
Ydb__Issue__IssueMessage **sim_issues_to_pb(mig_arena *a, const sim_issue *issues, size_t n);
/* YQL spelling of a type ("Int32", "Optional<Utf8>", "Decimal(22,9)"); NULL if none. */
char *sim_type_to_yql(mig_arena *a, const sim_type *t);
/* Parameters from a map<string, TypedValue>; -1 with a message in *err. */
int sim_params_from_pb(mig_arena *a, void *const *entries, size_t n, sim_param **out, size_t *nout, char **err);

#endif
