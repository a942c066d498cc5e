/* cli.h - what the files of migrun's command line share: the run context, the messages,
 * the options, the revision formatting and the database session.
 *
 *   cli.c       the command table and help, usage errors, common options, mig_run_main
 *   format.c    revisions and steps as text (listings, show, --sql)
 *   online.c    the options of the commands that connect, and a session with the database
 *   progress.c  a run's progress lines or --json events (the executor reports, this prints)
 *   list.c      history, heads, branches, show, complete (the manifest and plugins only)
 *   move.c      upgrade, downgrade (online and --sql), stamp
 *   status.c    current, status
 *   check.c     check
 *   baseline.c  baseline
 *   lock.c      lock, unlock
 *
 * Output is collected in a buffer and written only when the command succeeds, so a
 * refused plugin never leaves half a script on stdout. Functions that fail say why on
 * r->err and return the exit status (common/exitcodes.h).
 */
#ifndef MIG_RT_CLI_H
#define MIG_RT_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../../common/arena.h"
#include "../../common/buf.h"
#include "../../common/cli.h"
#include "../../common/config.h"
#include "../db.h"
#include "../exec.h"
#include "../loader.h"
#include "../plan.h"
#include "../revjson.h"
#include "../rterr.h"
#include "../state.h"
#include "../tables.h"

typedef struct run {
    FILE *out, *err;
    mig_arena *a;
    const char *plugins;   /* --plugins */
    const char *config;    /* --config */
    const char *cmd;       /* the command's name, for messages */
    /* commands that connect */
    const char *url;       /* --url */
    const char *cred_file; /* --credentials-file */
    const char *ca_file;   /* --ca-file */
    bool json;             /* --json */
    bool sql;              /* upgrade/downgrade --sql */
    bool dry_run;          /* --dry-run */
    bool purge;            /* stamp --purge */
    bool force;            /* unlock --force */
    int lock_wait;         /* --lock-wait SECONDS */
    bool no_version_table; /* --sql --no-version-table: the steps only */
    int lock_lease;        /* --lock-lease SECONDS, 0: the default */
    const char *stmt_timeout; /* --statement-timeout SECONDS, or NULL: the configuration's */
    const char *ignore_tables; /* --ignore-tables LIST, or NULL: the configuration's */
    const char *retry_budget; /* --retry-budget SECONDS, or NULL: the configuration's */
    const char *message, *rev_id, *output; /* baseline -m, --rev-id, -o (NULL: the defaults) */
} run;

typedef struct cmd {
    mig_cli_cmd d; /* name, synopsis, help */
    int (*fn)(run *r, int argc, char **argv);
} cmd;

/* the commands (argv[0] is the command's name) */
int cmd_history(run *r, int argc, char **argv);
int cmd_heads(run *r, int argc, char **argv);
int cmd_branches(run *r, int argc, char **argv);
int cmd_show(run *r, int argc, char **argv);
int cmd_complete(run *r, int argc, char **argv);
int cmd_upgrade(run *r, int argc, char **argv);
int cmd_downgrade(run *r, int argc, char **argv);
int cmd_stamp(run *r, int argc, char **argv);
int cmd_current(run *r, int argc, char **argv);
int cmd_status(run *r, int argc, char **argv);
int cmd_check(run *r, int argc, char **argv);
int cmd_baseline(run *r, int argc, char **argv);
int cmd_lock(run *r, int argc, char **argv);
int cmd_unlock(run *r, int argc, char **argv);

/* ---- messages (cli.c) ---- */

int cli_usage_error(run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_report(run *r, const mig_rt_error *e);
int cli_bad_option(run *r, int c, char **argv);
int cli_help_of(run *r, const char *name);

/* ---- options every command takes (cli.c) ---- */

enum { OPT_PLUGINS = 1000, OPT_CONFIG, OPT_JSON };

#define COMMON_OPTS                                                                                                    \
    {"help", no_argument, NULL, 'h'}, {"plugins", required_argument, NULL, OPT_PLUGINS},                               \
        {"config", required_argument, NULL, OPT_CONFIG}

int cli_common_opt(run *r, int c);
int cli_config(run *r, mig_config *c);
const char *cli_plugin_dir(run *r, int *rc);
int cli_open_dir(run *r, mig_plugins **p, mig_revgraph *g);

/* ---- formatting revisions (format.c) ---- */

void cli_put_line_text(mig_buf *b, const char *s);
void cli_put_marks(mig_buf *b, const mig_rev *v);
void cli_put_message_tail(mig_buf *b, const mig_rev *v);
void cli_put_history_line(mig_buf *b, const mig_rev *v);
void cli_put_verbose(mig_buf *b, const mig_plugins *p, const mig_rev *v);
int cli_render_failed(run *r, const mig_rev *v, uint32_t k, const char *why, mig_rt_error *e);
int cli_put_steps(run *r, mig_buf *b, const mig_rev *v, const mig_p_step *steps, uint32_t n, bool show_c,
                  mig_rt_error *e);
int cli_finish_listing(run *r, mig_plugins *p, mig_buf *b);

/* ---- the commands that connect (online.c) ---- */

/* Which of the connecting commands' options a command takes, besides the common ones. */
enum { F_SQL = 1, F_DRY = 2, F_PURGE = 4, F_FORCE = 8, F_LOCKWAIT = 16, F_IGNORE = 32, F_BASELINE = 64 };

/* The options (into r) and up to maxpos operands (into pos; a target may be -N). 0, or an
 * exit status (help shown: *done). */
int cli_db_args(run *r, int argc, char **argv, unsigned flags, const char **pos, int maxpos, int *npos, bool *done);

/* ---- progress.c ---- */

/* What a run shows (the executor's report callback, exec.h): progress lines at info level
 * and above, c steps' logs from min_level on; with --json, event lines instead. */
typedef struct cli_progress {
    run *r;
    int min_level;      /* mig_log_level */
    const char *line;   /* the running step's line while it is open, else NULL */
    bool broken;        /* something was printed after it */
    /* a backfill step's pages so far (this run): rows, and when a progress line was last
     * printed (0: none yet) */
    uint64_t bf_rows, bf_done;
    long long bf_ms, bf_said_ms;
    bool bf;
} cli_progress;

void cli_progress_report(void *ud, const mig_exec_ev *ev);
/* A paged step's progress for people: "12000 of ~100000 rows (3400 rows/s, ~26 s left)" with
 * rows done (in all), the estimate of the total (0: none), and the rows and ms of this run
 * (the rate); without an estimate, or once the rows done exceed it, "12000 rows done (3400
 * rows/s)". The time left is rounded up and never negative. */
const char *cli_rows_progress(mig_arena *a, uint64_t done, uint64_t total, uint64_t rows_run, long long ms);
/* With --json: one event line {"event":NAME,"time":...,FIELDS} (fields already JSON). */
void cli_event(run *r, const char *name, const char *fields_fmt, ...) __attribute__((format(printf, 3, 4)));
/* mig_log_level by name ("debug", "info", "warn", "error"; -1 for another), and back. */
int cli_level_parse(const char *name);
const char *cli_level_name(int level);

/* a session with the database */
typedef struct online {
    mig_plugins *p;
    mig_revgraph g;
    mig_db db;
    mig_state st;
    mig_exec x;
    cli_progress prog;
    bool have_plugins;
    mig_tables_opts tables; /* what check and baseline leave out (ignore_tables) */
} online;

int cli_online_open(run *r, online *o, bool need_plugins, mig_rt_error *e);
bool cli_online_start(run *r, int argc, char **argv, unsigned flags, bool need_plugins, online *o, mig_rt_error *e,
                      int *rc);
int cli_online_close(run *r, online *o, int rc, mig_rt_error *e);
int cli_take_lock(run *r, online *o, mig_rt_error *e);

#endif
