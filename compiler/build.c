/* build.c - compiling revisions into plugins.
 *
 * Layout of the plugin directory (docs/plugin-abi.md):
 *   DIR/manifest            written last, atomically
 *   DIR/<id>.so             mode 0644
 *   DIR/.build/<id>.c       the generated source (kept: it is meant to be read)
 *   DIR/.build/<id>.stamp   the build key (SHA-256 of compiler, flags, migc version and
 *                           plugin.h), the size and time of the .so it made, and its SHA-256
 *   DIR/.build/<id>.log     the compiler's output of the last build of <id>
 *   DIR/.build/mig/plugin.h the header migc was built with
 * A revision is rebuilt when its generated C differs from <id>.c, or its stamp or its .so
 * is missing or differs. An up-to-date revision costs reading two small files: nothing is
 * hashed, and the manifest takes the plugin's SHA-256 from the stamp that vouches for it.
 * The stamp goes before a rebuild starts and comes back only with its plugin, so a stamp
 * always describes the .so and the .c beside it.
 */
#include "build.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/buf.h"
#include "../common/exitcodes.h"
#include "../common/manifest.h"
#include "../common/sha256.h"
#include "../common/strmap.h"
#include "codegen.h"
#include "mig/plugin.h"
#include "sema.h"

extern char **environ;

typedef struct job {
    const mig_revision *r;
    const char *c_path, *tmp_path, *so_path, *stamp_path, *log_path, *key;
    const char **plugin_sha; /* where the new plugin's SHA-256 goes */
    pid_t pid;
    bool done, ok;
} job;

static const char *join(mig_arena *a, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    return mig_printf(a, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

/* Does the file at path hold exactly data[0..len)? Read into a scratch buffer, not the
 * arena: a no-op build compares every generated file and keeps none. */
static bool same_file(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st;
    bool same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len;
    char *buf = same ? mig_xmalloc(len + 1) : NULL;
    size_t n = 0;
    while (same) {
        ssize_t got = read(fd, buf + n, len + 1 - n);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            same = got == 0 && n == len;
            break;
        }
        n += (size_t)got;
        same = n <= len;
    }
    same = same && memcmp(buf, data, len) == 0;
    free(buf);
    close(fd);
    return same;
}

/* Write a file through a temporary name; skip the write when the content is the same,
 * so that make-style tools see no change. Returns 0 or -1 (errno). */
static int write_if_changed(mig_arena *a, const char *path, const char *data, size_t len, mode_t mode)
{
    if (same_file(path, data, len)) return 0;
    const char *tmp = mig_printf(a, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0) return -1;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            close(fd);
            unlink(tmp);
            errno = e;
            return -1;
        }
        off += (size_t)w;
    }
    if (fchmod(fd, mode) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        errno = e;
        return -1;
    }
    return 0;
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(path, &st) != 0) return -1;
        if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            return -1;
        }
        return 0;
    }
    return -1;
}

/* 'text' quoted for sh. */
static const char *shq(mig_arena *a, const char *s)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_putc(&b, '\'');
    for (; *s; s++) {
        if (*s == '\'') mig_buf_puts(&b, "'\\''");
        else mig_buf_putc(&b, *s);
    }
    mig_buf_putc(&b, '\'');
    char *r = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return r;
}

/* The first part of a stamp: the build key, and the size and modification time of the
 * plugin it produced, so that a plugin replaced or damaged since is rebuilt. "" when there
 * is no plugin. The whole stamp adds the plugin's SHA-256 and a newline. */
static const char *so_stamp(mig_arena *a, const char *key, const char *so_path)
{
    struct stat st;
    if (stat(so_path, &st) != 0) return "";
    return mig_printf(a, "%s\n%lld %lld.%09ld\n", key, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                      (long)st.st_mtim.tv_nsec);
}

/* The plugin SHA-256 a stamp vouches for, when it is the stamp of this key and this .so;
 * NULL otherwise. */
static const char *stamped_sha(mig_arena *a, const char *stamp, const char *key, const char *so_path)
{
    if (!stamp) return NULL;
    const char *head = so_stamp(a, key, so_path);
    size_t n = strlen(head);
    if (!n || strncmp(stamp, head, n) != 0) return NULL;
    const char *sha = stamp + n;
    if (strlen(sha) != 65 || sha[64] != '\n' || strspn(sha, "0123456789abcdef") != 64) return NULL;
    return mig_strndup(a, sha, 64);
}

/* Split CC or CFLAGS into words the way a shell would for a plain command line (blanks
 * separate words; '...' and "..." quote; a backslash escapes the next character), without
 * running a shell: no comments, no expansions, no surprises. */
static int split_words(mig_arena *a, const char *s, const char ***v, size_t *n, size_t *cap, const char **why)
{
    mig_buf w = MIG_BUF_INIT;
    bool in_word = false;
    char q = 0;
    for (;; s++) {
        char c = *s;
        if (!c) {
            if (q) {
                *why = "an unclosed quote";
                mig_buf_free(&w);
                return -1;
            }
            break;
        }
        if (q) {
            if (c == q) q = 0;
            else if (c == '\\' && q == '"' && s[1]) mig_buf_putc(&w, *++s);
            else mig_buf_putc(&w, c);
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n') {
            if (in_word) {
                MIG_PUSH(a, *v, *n, *cap, mig_strndup(a, mig_buf_str(&w), w.len));
                mig_buf_reset(&w);
                in_word = false;
            }
            continue;
        }
        in_word = true;
        if (c == '\'' || c == '"') q = c;
        else if (c == '\\' && s[1]) mig_buf_putc(&w, *++s);
        else mig_buf_putc(&w, c);
    }
    if (in_word) MIG_PUSH(a, *v, *n, *cap, mig_strndup(a, mig_buf_str(&w), w.len));
    mig_buf_free(&w);
    return 0;
}

/* The compiler's argument vector: CC's words, CFLAGS's words, then ours. */
static char **compiler_argv(mig_project *p, const mig_build_opts *o, const char *build_dir, const job *j)
{
    mig_arena *a = p->arena;
    const char **v = NULL;
    size_t n = 0, cap = 0;
    const char *why = NULL;
    if (split_words(a, o->cc, &v, &n, &cap, &why) != 0 || n == 0) {
        mig_diag *g = mig_report_plain(p->diags, MIG_SEV_ERROR, "the C compiler \"%s\" cannot be used: %s", o->cc,
                                       why ? why : "it is empty");
        mig_hint(p->diags, g, "Set it with --cc, CC or `cc` in mig.ini.");
        return NULL;
    }
    if (split_words(a, o->cflags, &v, &n, &cap, &why) != 0) {
        mig_diag *g = mig_report_plain(p->diags, MIG_SEV_ERROR, "the C flags \"%s\" cannot be used: %s", o->cflags, why);
        mig_hint(p->diags, g, "Set them with --cflags, CFLAGS or `cflags` in mig.ini.");
        return NULL;
    }
    const char *ours[] = {"-std=c11", "-Wall", "-fPIC", "-shared", "-fvisibility=hidden",
                          mig_printf(a, "-I%s", build_dir), "-Wl,--no-undefined",
                          /* two segments instead of four: half the mappings per plugin */
                          "-Wl,-z,noseparate-code", "-o", j->tmp_path, j->c_path};
    for (size_t i = 0; i < sizeof ours / sizeof ours[0]; i++) MIG_PUSH(a, v, n, cap, ours[i]);
    /* A plugin without a c step calls nothing: linking it without the C library and the
     * start files halves the link (docs/decisions/0019-speed.md). */
    if (!mig_codegen_native(j->r)) MIG_PUSH(a, v, n, cap, "-nostdlib");
    MIG_PUSH(a, v, n, cap, NULL);
    return (char **)v;
}

static int start_job(mig_project *p, const mig_build_opts *o, const char *build_dir, job *j)
{
    char **argv = compiler_argv(p, o, build_dir, j);
    if (!argv) return -1;
    if (o->verbose) {
        fprintf(stderr, "migc: building %s:", j->r->id);
        for (char **a = argv; *a; a++) fprintf(stderr, " %s", shq(p->arena, *a));
        fputc('\n', stderr);
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, j->log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    int rc = posix_spawnp(&j->pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        mig_diag *g = mig_report_plain(p->diags, MIG_SEV_ERROR, "could not run the C compiler \"%s\" for revision \"%s\": %s",
                                       argv[0], j->r->id, strerror(rc));
        mig_hint(p->diags, g, "Install a C compiler (Debian: apt-get install gcc), or name one with --cc, CC or `cc` in mig.ini.");
        return -1;
    }
    return 0;
}

/* The compiler's output, trimmed to something a terminal can take. */
static const char *log_text(mig_arena *a, const char *path)
{
    size_t n = 0;
    char *s = mig_read_file(a, path, 0, &n);
    if (!s) return NULL;
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ')) s[--n] = '\0';
    if (n > 20000) {
        s[20000] = '\0';
        return mig_printf(a, "%s\n[... the rest is in %s]", s, path);
    }
    return n ? s : NULL;
}

static void finish_job(mig_project *p, job *j, int status)
{
    mig_arena *a = p->arena;
    j->done = true;
    const char *text = log_text(a, j->log_path);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        mig_diag *g;
        if (WIFSIGNALED(status))
            g = mig_report_plain(p->diags, MIG_SEV_ERROR, "the C compiler was killed by signal %d while building revision \"%s\"",
                                 WTERMSIG(status), j->r->id);
        else
            g = mig_report_plain(p->diags, MIG_SEV_ERROR, "the C compiler failed on revision \"%s\" (%s)", j->r->id,
                                 j->r->src->path);
        if (text) mig_detail(p->diags, g, "%s", text);
        if (mig_codegen_native(j->r)) mig_hint(p->diags, g, "Errors in a c step point at its .mig line. The generated source is %s.", j->c_path);
        else mig_hint(p->diags, g, "The revision has no c step, so check the compiler and its flags (--cc, --cflags). "
                                   "The generated source is %s.", j->c_path);
        unlink(j->tmp_path);
        return;
    }
    if (text) fprintf(stderr, "%s\n", text); /* warnings: the user's own code */
    if (chmod(j->tmp_path, 0644) != 0 || rename(j->tmp_path, j->so_path) != 0) {
        mig_report_plain(p->diags, MIG_SEV_ERROR, "could not put plugin \"%s\" in place: %s", j->so_path, strerror(errno));
        unlink(j->tmp_path);
        return;
    }
    char hex[65];
    if (mig_sha256_file(j->so_path, hex) != 0) {
        mig_report_plain(p->diags, MIG_SEV_ERROR, "could not read plugin \"%s\": %s", j->so_path, strerror(errno));
        return;
    }
    *j->plugin_sha = mig_strdup(a, hex);
    const char *stamp = mig_printf(a, "%s%s\n", so_stamp(a, j->key, j->so_path), hex);
    if (write_if_changed(a, j->stamp_path, stamp, strlen(stamp), 0644) != 0) {
        mig_report_plain(p->diags, MIG_SEV_ERROR, "could not write \"%s\": %s", j->stamp_path, strerror(errno));
        return;
    }
    j->ok = true;
}

static int run_jobs(mig_project *p, const mig_build_opts *o, const char *build_dir, job *jobs, size_t n)
{
    size_t next = 0, running = 0, failed = 0;
    while (next < n || running) {
        while (running < (size_t)o->jobs && next < n) {
            if (start_job(p, o, build_dir, &jobs[next]) != 0) {
                jobs[next].done = true;
                failed++;
            } else running++;
            next++;
        }
        if (!running) break;
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (size_t i = 0; i < next; i++)
            if (!jobs[i].done && jobs[i].pid == pid) {
                running--;
                finish_job(p, &jobs[i], status);
                if (!jobs[i].ok) failed++;
            }
    }
    return failed ? -1 : 0;
}

static void write_deps(mig_project *p, const mig_build_opts *o, const char *manifest_path)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_printf(&b, "%s:", manifest_path);
    for (size_t i = 0; i < p->norder; i++) mig_buf_printf(&b, " \\\n  %s", p->order[i]->src->path);
    mig_buf_puts(&b, "\n");
    for (size_t i = 0; i < p->norder; i++) mig_buf_printf(&b, "\n%s:\n", p->order[i]->src->path);
    if (write_if_changed(p->arena, o->deps_file, b.s, b.len, 0644) != 0)
        mig_report_plain(p->diags, MIG_SEV_ERROR, "could not write the dependency file \"%s\": %s", o->deps_file, strerror(errno));
    mig_buf_free(&b);
}

int mig_build(mig_project *p, const mig_build_opts *o, mig_build_stats *stats)
{
    mig_arena *a = p->arena;
    memset(stats, 0, sizeof *stats);
    const char *out = o->out_dir;
    const char *build_dir = join(a, out, ".build");
    const char *hdr_dir = join(a, build_dir, "mig");
    if (make_dir(out) != 0 || make_dir(build_dir) != 0 || make_dir(hdr_dir) != 0) {
        mig_diag *g = mig_report_plain(p->diags, MIG_SEV_ERROR, "could not create the plugin directory \"%s\": %s", out, strerror(errno));
        mig_hint(p->diags, g, "Choose another one with -o DIR, or `plugins` in mig.ini.");
        return MIG_EXIT_IO;
    }
    struct stat st;
    if (stat(out, &st) == 0 && (st.st_mode & (S_IWGRP | S_IWOTH))) {
        mig_diag *g = mig_report_plain(p->diags, MIG_SEV_WARNING, "the plugin directory \"%s\" is writable by group or others, so migrun will refuse it", out);
        mig_hint(p->diags, g, "Run `chmod go-w %s`.", out);
    }
    if (write_if_changed(a, join(a, hdr_dir, "plugin.h"), mig_plugin_header, strlen(mig_plugin_header), 0644) != 0) {
        mig_report_plain(p->diags, MIG_SEV_ERROR, "could not write \"%s\": %s", join(a, hdr_dir, "plugin.h"), strerror(errno));
        return MIG_EXIT_IO;
    }
    const char *manifest_path = join(a, out, MIG_MANIFEST_NAME);
    mig_manifest old;
    const char *err = NULL;
    bool have_old = access(manifest_path, F_OK) == 0 && mig_manifest_read(a, manifest_path, &old, &err) == 0;

    /* The build key: what every plugin depends on besides its own generated C. */
    char key[65];
    {
        mig_buf k = MIG_BUF_INIT;
        mig_buf_printf(&k, "%s%c%s%c%s%c", o->cc, 0, o->cflags, 0, MIG_VERSION, 0);
        mig_buf_puts(&k, mig_plugin_header); /* the ABI the code is compiled against */
        mig_sha256_hex(k.s, k.len, key);
        mig_buf_free(&k);
    }
    job *jobs = mig_alloc(a, (p->norder + 1) * sizeof *jobs);
    size_t njobs = 0;
    const char **src_sha = mig_alloc(a, (p->norder + 1) * sizeof *src_sha);
    const char **plugin_sha = mig_alloc(a, (p->norder + 1) * sizeof *plugin_sha);
    for (size_t i = 0; i < p->norder; i++) {
        const mig_revision *r = p->order[i];
        char hex[65];
        mig_sha256_hex(r->src->text, r->src->len, hex);
        src_sha[i] = mig_strdup(a, hex);
        mig_buf c = MIG_BUF_INIT;
        mig_codegen(&c, p, r, src_sha[i]);
        job j = {0};
        j.r = r;
        j.c_path = join(a, build_dir, mig_printf(a, "%s.c", r->id));
        j.so_path = join(a, out, mig_printf(a, "%s.so", r->id));
        j.tmp_path = join(a, build_dir, mig_printf(a, "%s.so.tmp", r->id));
        j.stamp_path = join(a, build_dir, mig_printf(a, "%s.stamp", r->id));
        j.log_path = join(a, build_dir, mig_printf(a, "%s.log", r->id));
        j.key = key;
        j.plugin_sha = &plugin_sha[i];
        bool same_c = same_file(j.c_path, c.s, c.len);
        if (!o->force && same_c) plugin_sha[i] = stamped_sha(a, mig_read_file(a, j.stamp_path, 0, NULL), key, j.so_path);
        if (plugin_sha[i]) {
            stats->up_to_date++;
            mig_buf_free(&c);
            continue;
        }
        /* Until the new plugin is in place, no stamp vouches for this revision. */
        if (unlink(j.stamp_path) != 0 && errno != ENOENT) {
            mig_report_plain(p->diags, MIG_SEV_ERROR, "could not remove \"%s\": %s", j.stamp_path, strerror(errno));
            mig_buf_free(&c);
            return MIG_EXIT_IO;
        }
        if (!same_c && write_if_changed(a, j.c_path, c.s, c.len, 0644) != 0) {
            mig_report_plain(p->diags, MIG_SEV_ERROR, "could not write \"%s\": %s", j.c_path, strerror(errno));
            mig_buf_free(&c);
            return MIG_EXIT_IO;
        }
        mig_buf_free(&c);
        jobs[njobs++] = j;
    }
    if (run_jobs(p, o, build_dir, jobs, njobs) != 0) return MIG_EXIT_INVALID;
    stats->built = (unsigned)njobs;

    /* The manifest: every revision, parents first, with both checksums. */
    mig_manifest m = {MIG_VERSION, NULL, NULL, p->norder};
    char vb[16];
    m.target_ydb = mig_strdup(a, mig_ydbver_str(p->target, vb));
    m.revs = mig_alloc(a, (p->norder + 1) * sizeof *m.revs);
    for (size_t i = 0; i < p->norder; i++) {
        const mig_revision *r = p->order[i];
        mig_manifest_rev *e = &m.revs[i];
        mig_rev_sema *rs = mig_sema_of(r);
        e->id = r->id;
        e->file = mig_printf(a, "%s.so", r->id);
        e->source = r->src->path;
        e->source_sha256 = src_sha[i];
        e->plugin_sha256 = plugin_sha[i];
        e->message = r->message;
        e->parents = mig_alloc(a, (r->nparents + 1) * sizeof *e->parents);
        for (size_t k = 0; k < r->nparents; k++) e->parents[k] = r->parents[k]->id;
        e->nparents = r->nparents;
        e->depends = mig_alloc(a, (r->ndeps + 1) * sizeof *e->depends);
        for (size_t k = 0; k < r->ndeps; k++) e->depends[k] = r->deps[k]->id;
        e->ndepends = r->ndeps;
        e->labels = r->labels;
        e->nlabels = r->nlabels;
        e->downgrade = r->irreversible || rs->down_missing ? MIG_DOWN_IRREVERSIBLE : rs->down_derived ? MIG_DOWN_DERIVED
                                                                                                     : MIG_DOWN_WRITTEN;
    }
    if (mig_manifest_write(a, manifest_path, &m, &err) != 0) {
        mig_report_plain(p->diags, MIG_SEV_ERROR, "%s", err);
        return MIG_EXIT_IO;
    }
    /* Plugins of revisions that are gone: migrun would refuse them as foreign. */
    if (have_old) {
        mig_strmap ids;
        mig_strmap_init(a, &ids, m.nrevs);
        for (size_t k = 0; k < m.nrevs; k++) mig_strmap_put(a, &ids, m.revs[k].id, (int)k);
        for (size_t i = 0; i < old.nrevs; i++) {
            if (mig_strmap_get(&ids, old.revs[i].id) >= 0 || strchr(old.revs[i].file, '/')) continue;
            const char *id = old.revs[i].id;
            if (unlink(join(a, out, old.revs[i].file)) == 0) stats->removed++;
            unlink(join(a, build_dir, mig_printf(a, "%s.c", id)));
            unlink(join(a, build_dir, mig_printf(a, "%s.stamp", id)));
            unlink(join(a, build_dir, mig_printf(a, "%s.log", id)));
        }
    }
    if (o->deps_file) write_deps(p, o, manifest_path);
    return p->diags->nerrors ? MIG_EXIT_IO : MIG_EXIT_OK;
}
