/* baseline.c - migrun baseline: the first revision of an existing database. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../common/exitcodes.h"
#include "../baseline.h"
#include "../revjson.h"

/* ---- baseline ---- */

static int table_cmp(const void *x, const void *y)
{
    return strcmp(((const mig_p_table *)x)->path, ((const mig_p_table *)y)->path);
}

int cmd_baseline(run *r, int argc, char **argv)
{
    bool done;
    int npos;
    int rc = cli_db_args(r, argc, argv, F_IGNORE | F_BASELINE, NULL, 0, &npos, &done);
    if (rc || done) return rc;
    const char *message = r->message ? r->message : "baseline of the existing schema";
    const char *id = r->rev_id ? r->rev_id : "0001_baseline", *outfile = r->output;
    if (!*id || strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") != strlen(id))
        return cli_usage_error(r, "--rev-id \"%s\" is no revision id (letters, digits and _ only)", id);
    if (strchr(message, '\n') || strchr(message, '\r')) return cli_usage_error(r, "the message must be one line");
    if (outfile && access(outfile, F_OK) == 0) {
        fprintf(r->err, "migrun: error: %s exists; not overwriting it\nhint: Remove it, or give another file with -o.\n",
                outfile);
        return MIG_EXIT_IO;
    }
    online o;
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    if ((rc = cli_online_open(r, &o, false, &e)) > 0) return rc;
    mig_p_table *tables = NULL;
    size_t ntables = 0, skipped = 0;
    mig_buf b = MIG_BUF_INIT, warnings = MIG_BUF_INIT; /* warnings: JSON strings, for --json */
    if (rc == 0) rc = mig_tables_list(r->a, &o.db, &o.tables, &tables, &ntables, &skipped, &e);
    if (rc == 0 && ntables == 0) {
        e.code = MIG_RT_STATE;
        e.message = "the database has no tables to baseline";
        e.detail = skipped ? "Only objects that are not row tables were found." : NULL;
        e.hint = "Start with `migc new` instead: there is nothing to adopt.";
        rc = -1;
    }
    if (rc == 0) {
        qsort(tables, ntables, sizeof *tables, table_cmp);
        const char *why = NULL;
        mig_buf notes = MIG_BUF_INIT;
        int brc = mig_baseline_render(r->a, &b, &notes, id, message, tables, ntables, &why);
        for (const char *s = mig_buf_str(&notes); *s;) {
            const char *nl = strchr(s, '\n');
            size_t len = nl ? (size_t)(nl - s) : strlen(s);
            fprintf(r->err, "migrun: warning: %.*s\n", (int)len, s);
            mig_buf_printf(&warnings, "%s%s", warnings.len ? "," : "", mig_json_str(r->a, mig_strndup(r->a, s, len)));
            s += len + (nl ? 1 : 0);
        }
        mig_buf_free(&notes);
        if (brc) {
            e.code = MIG_RT_STATE;
            e.message = why;
            e.hint = "Rename it in the database, or write this table's create_table by hand.";
            rc = -1;
        }
    }
    rc = cli_online_close(r, &o, rc, &e);
    if (rc) {
        mig_buf_free(&b);
        mig_buf_free(&warnings);
        return rc;
    }
    FILE *next = r->err;
    if (outfile) {
        /* O_EXCL: a file that appeared meanwhile is not overwritten either */
        int fd = open(outfile, O_WRONLY | O_CREAT | O_EXCL, 0644);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        const char *s = mig_buf_str(&b);
        bool ok = f && fwrite(s, 1, strlen(s), f) == strlen(s);
        if (f && fclose(f) != 0) ok = false;
        else if (!f && fd >= 0) close(fd);
        if (!ok) {
            int err = errno;
            fprintf(r->err, "migrun: error: cannot write %s: %s\n", outfile, strerror(err));
            if (fd >= 0 && err != EEXIST) unlink(outfile);
            mig_buf_free(&b);
            mig_buf_free(&warnings);
            return MIG_EXIT_IO;
        }
        if (!r->json)
            fprintf(r->out, "Wrote %s: revision %s, %zu table%s.\n", outfile, id, ntables, ntables == 1 ? "" : "s");
        next = r->out;
    } else if (!r->json) {
        fputs(mig_buf_str(&b), r->out);
    }
    if (r->json) {
        /* one object: the revision (its text too, written to -o FILE or not), the tables it
         * creates and the warnings also said on stderr; the next steps are in the docs */
        fprintf(r->out, "{\"revision\":%s,\"file\":%s,\"tables\":%zu,\"text\":%s,\"warnings\":[%s]}\n",
                mig_json_str(r->a, id), mig_json_str(r->a, outfile ? outfile : ""), ntables,
                mig_json_str(r->a, mig_buf_str(&b)), mig_buf_str(&warnings));
        mig_buf_free(&b);
        mig_buf_free(&warnings);
        return MIG_EXIT_OK;
    }
    mig_buf_free(&b);
    mig_buf_free(&warnings);
    fprintf(next, "Next: `migc build` (in the project), then `migrun stamp %s` to mark the database as being at\n"
                  "this revision without running it.\n", id);
    return MIG_EXIT_OK;
}
