/* rterr.h - the runtime's typed errors: what went wrong, for the caller to print.
 *
 * Library functions never print. They fill a mig_rt_error (strings in the caller's
 * arena) and return -1; the command line formats it with mig_rt_error_format and turns
 * the code into an exit status with mig_rt_exit_code. The message shape follows the
 * project's diagnostics: a primary message (lower case, no final period, names quoted),
 * then complete sentences as detail, then a hint that says what to do.
 */
#ifndef MIG_RT_RTERR_H
#define MIG_RT_RTERR_H

#include "../common/buf.h"

typedef enum mig_rt_code {
    MIG_RT_OK = 0,
    MIG_RT_IO,          /* the plugin directory or its manifest cannot be read (exit 6) */
    MIG_RT_MANIFEST,    /* the manifest is malformed or inconsistent (exit 4) */
    MIG_RT_PERMS,       /* the directory or a plugin is writable by group or others (exit 4) */
    MIG_RT_FOREIGN,     /* a .so the manifest does not name (exit 4) */
    MIG_RT_MISSING,     /* a manifest entry whose .so is missing (exit 4) */
    MIG_RT_NOT_REGULAR, /* a plugin that is a symlink, directory or device (exit 4) */
    MIG_RT_NOT_ELF,     /* not a shared object for this machine (exit 4) */
    MIG_RT_TRUNCATED,   /* an ELF file cut short (exit 4) */
    MIG_RT_CHANGED,     /* the plugin's SHA-256 differs from the manifest (exit 4) */
    MIG_RT_DLOPEN,      /* dlopen refused it; dlerror() is in the detail (exit 4) */
    MIG_RT_NO_SYMBOL,   /* no mig_plugin_descriptor (exit 4) */
    MIG_RT_BAD_DESC,    /* the descriptor is NULL or inconsistent (exit 4) */
    MIG_RT_ABI,         /* magic, ABI version or struct size differ (exit 4) */
    MIG_RT_HOST_API,    /* the plugin needs a newer host API (exit 4) */
    MIG_RT_IDENTITY,    /* the descriptor's id or source checksum differs from the manifest (exit 4) */
    MIG_RT_GRAPH,       /* the manifest's graph cannot be used (exit 4) */
    MIG_RT_TARGET,      /* a target names no revision, or is ambiguous (exit 1) */
    MIG_RT_PLAN,        /* no plan reaches the target, e.g. an irreversible revision (exit 1) */
    MIG_RT_RENDER,      /* a step cannot be rendered as YQL (exit 1) */
    MIG_RT_DRIVER,      /* the YDB driver module cannot be found or loaded (exit 1) */
    MIG_RT_DATABASE,    /* the database cannot be reached or refused a request (exit 5) */
    MIG_RT_STATE,       /* the version table disagrees with the plugins: an edited revision,
                           an unknown one, a partial step that matches neither state (exit 1) */
    MIG_RT_LOCKED,      /* another migrun holds the migration lock (exit 1) */
    MIG_RT_STEP,        /* a migration step failed (exit 1; a database refusal is exit 5) */
    MIG_RT_CONFIG,      /* the connection options or credentials are wrong (exit 2) */
} mig_rt_code;

typedef struct mig_rt_error {
    mig_rt_code code;
    const char *file;    /* the file concerned, or NULL */
    const char *message; /* primary message */
    const char *detail;  /* complete sentences, one per line; or NULL */
    const char *hint;    /* what to do; or NULL */
} mig_rt_error;

/* Fill *e (strings stay the caller's) and return -1, for `return mig_rt_fail(...)`. */
int mig_rt_fail(mig_rt_error *e, mig_rt_code code, const char *msg, const char *detail, const char *hint);
/* The same about a file. */
int mig_rt_fail_at(mig_rt_error *e, mig_rt_code code, const char *file, const char *msg, const char *detail,
                   const char *hint);

/* "PROG: error: MESSAGE\ndetail: ...\nhint: ...\n" (each detail line gets its prefix). */
void mig_rt_error_format(mig_buf *out, const char *prog, const mig_rt_error *e);
/* The exit status (common/exitcodes.h) for an error code. */
int mig_rt_exit_code(mig_rt_code code);
/* A stable short name for tests and logs: "perms", "foreign", "abi", ... */
const char *mig_rt_code_name(mig_rt_code code);

#endif
