/* rterr.c - see rterr.h. */
#include "rterr.h"

#include <string.h>

#include "../common/exitcodes.h"

int mig_rt_fail_at(mig_rt_error *e, mig_rt_code code, const char *file, const char *msg, const char *detail,
                   const char *hint)
{
    e->code = code;
    e->file = file;
    e->message = msg;
    e->detail = detail;
    e->hint = hint;
    return -1;
}

int mig_rt_fail(mig_rt_error *e, mig_rt_code code, const char *msg, const char *detail, const char *hint)
{
    return mig_rt_fail_at(e, code, NULL, msg, detail, hint);
}

void mig_rt_error_format(mig_buf *out, const char *prog, const mig_rt_error *e)
{
    mig_buf_printf(out, "%s: error: %s\n", prog, e->message ? e->message : "unspecified error");
    mig_buf_put_lines(out, "detail: ", e->detail);
    mig_buf_put_lines(out, "hint: ", e->hint);
}

int mig_rt_exit_code(mig_rt_code code)
{
    switch (code) {
    case MIG_RT_OK: return MIG_EXIT_OK;
    case MIG_RT_IO: return MIG_EXIT_IO;
    case MIG_RT_TARGET:
    case MIG_RT_PLAN:
    case MIG_RT_RENDER:
    case MIG_RT_DRIVER:
    case MIG_RT_STATE:
    case MIG_RT_LOCKED:
    case MIG_RT_STEP: return MIG_EXIT_FAILURE;
    case MIG_RT_DATABASE: return MIG_EXIT_DATABASE;
    case MIG_RT_CONFIG: return MIG_EXIT_USAGE;
    default: return MIG_EXIT_PLUGIN;
    }
}

const char *mig_rt_code_name(mig_rt_code code)
{
    static const char *const names[] = {
        "ok", "io", "manifest", "perms", "foreign", "missing", "not-regular", "not-elf", "truncated", "changed",
        "dlopen", "no-symbol", "bad-descriptor", "abi", "host-api", "identity", "graph", "target", "plan", "render",
        "driver", "database", "state", "locked", "step", "config",
    };
    return (unsigned)code < sizeof names / sizeof names[0] ? names[code] : "?";
}
