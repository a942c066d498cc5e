/* cli_new.c - the commands that write files: migc new and merge (a revision), migc init
 * (a project). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../common/exitcodes.h"
#include "newrev.h"

/* ---- new and merge ---- */

static const struct option new_opts[] = {
    {"help", no_argument, NULL, 'h'},        {"message", required_argument, NULL, 'm'},
    {"head", required_argument, NULL, OPT_HEAD}, {"label", required_argument, NULL, OPT_LABEL},
    {"depends-on", required_argument, NULL, OPT_DEPENDS}, {"rev-id", required_argument, NULL, OPT_REVID},
    {"target-ydb", required_argument, NULL, OPT_TARGET}, {"color", optional_argument, NULL, OPT_COLOR},
    {"config", required_argument, NULL, OPT_CONFIG}, {"max-errors", required_argument, NULL, OPT_MAXERR},
    {NULL, 0, NULL, 0},
};

static int new_or_merge(int argc, char **argv, bool merge)
{
    const char *name = merge ? "merge" : "new";
    common co;
    cli_common_init(&co);
    mig_arena *a = mig_arena_new();
    mig_new_opts o;
    memset(&o, 0, sizeof o);
    o.merge = merge;
    size_t hcap = 0, dcap = 0;
    int c, rc = MIG_EXIT_OK;
    while ((c = getopt_long(argc, argv, "+:hm:", new_opts, NULL)) != -1) {
        int r = cli_common_opt(name, c, &co);
        if (r < 0) {
            rc = MIG_EXIT_USAGE;
            goto out;
        }
        if (r) continue;
        switch (c) {
        case 'h': rc = cli_help_of(name); goto out;
        case 'm': o.message = optarg; break;
        case OPT_HEAD: MIG_PUSH(a, o.heads, o.nheads, hcap, optarg); break;
        case OPT_LABEL: o.label = optarg; break;
        case OPT_DEPENDS: MIG_PUSH(a, o.depends, o.ndepends, dcap, optarg); break;
        case OPT_REVID: o.rev_id = optarg; break;
        default: rc = cli_bad_option(name, c, argv); goto out;
        }
    }
    if (!o.message) {
        rc = cli_usage_error(name, "-m MESSAGE is required");
        goto out;
    }
    if ((rc = cli_common_finish(name, &co, a)) != 0) goto out;
    o.dir = co.cfg.source_dir;
    if (optind < argc) {
        /* merge's operands are [DIR] [REV...]: a first operand that is not a directory is
         * a revision. */
        struct stat st;
        if (!merge || (stat(argv[optind], &st) == 0 && S_ISDIR(st.st_mode))) o.dir = argv[optind++];
    }
    if (merge) /* the remaining arguments are the heads to merge */
        while (optind < argc) MIG_PUSH(a, o.heads, o.nheads, hcap, argv[optind++]);
    if (optind < argc) {
        rc = cli_usage_error(name, "too many arguments (\"%s\")", argv[optind]);
        goto out;
    }
    mig_diags d;
    mig_diags_init(&d, a);
    const char *path = NULL;
    /* new creates its directory: make the parents it needs first (not for a blank
     * message, which it refuses). */
    const char *dir = o.dir && *o.dir ? o.dir : "migrations", *failed;
    struct stat st;
    if (!merge && o.message[strspn(o.message, " \t\r\n")] && stat(dir, &st) != 0 && errno == ENOENT &&
        cli_make_dirs(a, dir, true, &failed) != 0) {
        mig_report_plain(&d, MIG_SEV_ERROR, "could not create directory \"%s\": %s", failed, strerror(errno));
        rc = MIG_EXIT_IO;
    } else {
        rc = mig_new_revision(a, &d, &o, co.target, &path);
    }
    cli_finish_diags(&d, &co);
    if (rc == MIG_EXIT_OK && path) printf("created %s\n", path);
out:
    mig_arena_free(a);
    return rc;
}

int cmd_new(int argc, char **argv) { return new_or_merge(argc, argv, false); }
int cmd_merge(int argc, char **argv) { return new_or_merge(argc, argv, true); }

/* ---- init ---- */

static const struct option init_opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};

static const char MAKEFILE_SNIPPET[] =
    "# mig.mk - include it from your Makefile: `include mig.mk`.\n"
    "MIGC ?= migc\n"
    "MIGRUN ?= migrun\n"
    "MIG_SOURCES := $(wildcard migrations/*.mig)\n"
    "\n"
    "plugins/manifest: $(MIG_SOURCES)\n"
    "\t$(MIGC) build --deps plugins/.build/deps.mk\n"
    "\n"
    "-include plugins/.build/deps.mk\n"
    "\n"
    ".PHONY: migrations-check migrations-build migrations-sql\n"
    "migrations-check:\n"
    "\t$(MIGC) check -q\n"
    "migrations-build: plugins/manifest\n"
    "migrations-sql: plugins/manifest\n"
    "\t$(MIGRUN) upgrade head --sql\n";

static int write_new_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wx");
    if (!f) return errno == EEXIST ? 1 : -1;
    fputs(text, f);
    return fclose(f) == 0 ? 0 : -1;
}

int cmd_init(int argc, char **argv)
{
    int c;
    while ((c = getopt_long(argc, argv, "+:h", init_opts, NULL)) != -1) {
        if (c == 'h') return cli_help_of("init");
        return cli_bad_option("init", c, argv);
    }
    if (optind < argc - 1) return cli_usage_error("init", "too many arguments (\"%s\")", argv[optind + 1]);
    const char *root = optind < argc ? argv[optind] : ".";
    mig_arena *a = mig_arena_new();
    int rc = MIG_EXIT_OK;
    const char *failed;
    if (cli_make_dirs(a, root, false, &failed) != 0) {
        fprintf(stderr, "migc: error: could not create directory \"%s\": %s\n", failed, strerror(errno));
        rc = MIG_EXIT_IO;
        goto out;
    }
    bool here = strcmp(root, ".") == 0;
    const char *ini = here ? "mig.ini" : mig_printf(a, "%s/mig.ini", root);
    const char *mk = here ? "mig.mk" : mig_printf(a, "%s/mig.mk", root);
    const char *mdir = here ? "migrations" : mig_printf(a, "%s/migrations", root);
    struct { const char *path, *text; } files[] = {{ini, mig_config_template()}, {mk, MAKEFILE_SNIPPET}};
    for (size_t i = 0; i < 2; i++) {
        int w = write_new_file(files[i].path, files[i].text);
        if (w < 0) {
            fprintf(stderr, "migc: error: could not write \"%s\": %s\n", files[i].path, strerror(errno));
            rc = MIG_EXIT_IO;
            goto out;
        }
        printf(w == 1 ? "kept %s (it exists)\n" : "created %s\n", files[i].path);
    }
    if (mkdir(mdir, 0755) == 0) printf("created %s/\n", mdir);
    else if (errno == EEXIST) printf("kept %s/ (it exists)\n", mdir);
    else {
        fprintf(stderr, "migc: error: could not create directory \"%s\": %s\n", mdir, strerror(errno));
        rc = MIG_EXIT_IO;
        goto out;
    }
    if (strcmp(root, ".") == 0) printf("next: migc new -m \"create the first table\"\n");
    else printf("next: cd %s && migc new -m \"create the first table\"\n", root);
out:
    mig_arena_free(a);
    return rc;
}
