/* loader.c - see loader.h. */
#include "loader.h"
#include "../common/strmap.h"

#include <dirent.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/sha256.h"

#define REBUILD_HINT "Run `migc build` again to rebuild the plugin directory."

struct mig_plugins {
    mig_arena *a;
    const char *dir;
    mig_manifest m;
    bool files_checked;                /* find_foreign and every check_plugin_file passed */
    void **handles;                    /* per revision, NULL until loaded */
    const mig_revision_desc **descs;   /* per revision, NULL until loaded */
    const char *abs_dir;               /* dir made absolute, on first load */
};

/* "group", "others" or "group and others" when mode lets them write. */
static const char *writers(mode_t mode)
{
    bool g = mode & S_IWGRP, o = mode & S_IWOTH;
    return g && o ? "group and others" : g ? "group" : o ? "others" : NULL;
}

static int check_mode(mig_arena *a, const char *path, const struct stat *st, bool is_dir, mig_rt_error *err)
{
    const char *w = writers(st->st_mode);
    if (!w) return 0;
    return mig_rt_fail_at(err, MIG_RT_PERMS, path,
                          mig_printf(a, "plugin %s \"%s\" is writable by %s", is_dir ? "directory" : "file", path, w),
                          mig_printf(a, "Its mode is %04o. Whoever can write to it could make migrun run their code, so "
                                        "migrun refuses to load %s.",
                                     (unsigned)(st->st_mode & 07777), is_dir ? "plugins from it" : "it"),
                          mig_printf(a, "Run `chmod go-w %s` if its contents are trusted; otherwise run `migc build` again.",
                                     path));
}

/* lstat a plugin named by the manifest: present, regular, not writable by others. */
static int check_plugin_file(mig_plugins *p, size_t i, struct stat *st, mig_rt_error *err)
{
    mig_arena *a = p->a;
    const mig_manifest_rev *r = &p->m.revs[i];
    const char *path = mig_plugins_path(p, i);
    if (lstat(path, st) != 0) {
        if (errno == ENOENT)
            return mig_rt_fail_at(err, MIG_RT_MISSING, path,
                                  mig_printf(a, "missing plugin \"%s\" for revision \"%s\"", path, r->id),
                                  mig_printf(a, "The manifest names it, but there is no such file: the directory was "
                                                "changed after `migc build` wrote it."),
                                  REBUILD_HINT);
        return mig_rt_fail_at(err, MIG_RT_IO, path, mig_printf(a, "could not read plugin \"%s\": %s", path, strerror(errno)),
                              NULL, NULL);
    }
    if (!S_ISREG(st->st_mode))
        return mig_rt_fail_at(err, MIG_RT_NOT_REGULAR, path,
                              mig_printf(a, "plugin \"%s\" is not a regular file", path),
                              mig_printf(a, "It is a %s. migc build writes plugins as regular files; a link could point "
                                            "anywhere, so migrun does not follow it.",
                                         S_ISLNK(st->st_mode) ? "symbolic link" : S_ISDIR(st->st_mode) ? "directory" : "special file"),
                              REBUILD_HINT);
    return check_mode(a, path, st, false, err);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int find_foreign(mig_plugins *p, mig_rt_error *err)
{
    mig_arena *a = p->a;
    DIR *d = opendir(p->dir);
    if (!d)
        return mig_rt_fail_at(err, MIG_RT_IO, p->dir,
                              mig_printf(a, "could not read plugin directory \"%s\": %s", p->dir, strerror(errno)), NULL, NULL);
    const char **foreign = NULL;
    size_t nf = 0, cap = 0;
    mig_strmap files;
    mig_strmap_init(a, &files, p->m.nrevs);
    for (size_t i = 0; i < p->m.nrevs; i++) mig_strmap_put(a, &files, p->m.revs[i].file, (int)i);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!ends_with(de->d_name, ".so")) continue;
        bool named = mig_strmap_get(&files, de->d_name) >= 0;
        if (!named) MIG_PUSH(a, foreign, nf, cap, mig_strdup(a, de->d_name));
    }
    closedir(d);
    if (!nf) return 0;
    qsort(foreign, nf, sizeof *foreign, cmp_str);
    const char *path = mig_printf(a, "%s/%s", p->dir, foreign[0]);
    const char *detail = "Every plugin in the directory is written by `migc build` and named in its manifest; this "
                         "one is not, so it is not a revision of this build and migrun will not load anything "
                         "next to it.";
    if (nf > 1) {
        char *more = mig_strdup(a, "");
        for (size_t i = 1; i < nf; i++) more = mig_printf(a, "%s%s\"%s\"", more, i > 1 ? ", " : "", foreign[i]);
        detail = mig_printf(a, "%s\nThe manifest does not name %s either.", detail, more);
    }
    return mig_rt_fail_at(err, MIG_RT_FOREIGN, path,
                          mig_printf(a, "foreign plugin \"%s\": the manifest does not name it", path), detail,
                          "Remove it from the directory, or run `migc build` again if it belongs to this project.");
}

int mig_plugins_open(mig_arena *a, const char *dir, mig_plugins **out, mig_rt_error *err)
{
    *out = NULL;
    memset(err, 0, sizeof *err);
    struct stat st;
    if (stat(dir, &st) != 0) {
        if (errno == ENOENT)
            return mig_rt_fail_at(err, MIG_RT_IO, dir, mig_printf(a, "plugin directory \"%s\" does not exist", dir), NULL,
                                  "Run `migc build` to compile the revisions, or name the directory with --plugins.");
        return mig_rt_fail_at(err, MIG_RT_IO, dir, mig_printf(a, "could not read plugin directory \"%s\": %s", dir, strerror(errno)),
                              NULL, NULL);
    }
    if (!S_ISDIR(st.st_mode))
        return mig_rt_fail_at(err, MIG_RT_IO, dir, mig_printf(a, "\"%s\" is not a directory", dir), NULL,
                              "Name the plugin directory that `migc build` wrote, with --plugins.");
    if (check_mode(a, dir, &st, true, err)) return -1;
    mig_plugins *p = mig_alloc(a, sizeof *p);
    p->a = a;
    p->dir = mig_strdup(a, dir);
    const char *mpath = mig_printf(a, "%s/%s", dir, MIG_MANIFEST_NAME);
    if (lstat(mpath, &st) != 0 && errno == ENOENT)
        return mig_rt_fail_at(err, MIG_RT_IO, mpath, mig_printf(a, "no manifest in plugin directory \"%s\"", dir),
                              mig_printf(a, "`migc build` writes \"%s\" last, so no build has finished here.", mpath),
                              "Run `migc build`.");
    if (check_mode(a, mpath, &st, false, err)) return -1;
    const char *why;
    if (mig_manifest_read(a, mpath, &p->m, &why) != 0) {
        bool io = access(mpath, R_OK) != 0;
        return mig_rt_fail_at(err, io ? MIG_RT_IO : MIG_RT_MANIFEST, mpath,
                              io ? mig_printf(a, "could not read the manifest: %s", why)
                                 : mig_printf(a, "invalid manifest: %s", why),
                              NULL, io ? NULL : "The manifest is written by `migc build`; run it again rather than edit it.");
    }
    p->handles = mig_alloc(a, (p->m.nrevs + 1) * sizeof *p->handles);
    p->descs = mig_alloc(a, (p->m.nrevs + 1) * sizeof *p->descs);
    *out = p;
    return 0;
}

/* The checks that need the plugin files, once, before the first dlopen: no foreign .so,
 * and every named one present, regular and not writable by others. Listings never get
 * here, so they read the manifest and nothing else. */
static int check_files(mig_plugins *p, mig_rt_error *err)
{
    if (p->files_checked) return 0;
    struct stat st;
    if (find_foreign(p, err)) return -1;
    for (size_t i = 0; i < p->m.nrevs; i++)
        if (check_plugin_file(p, i, &st, err)) return -1;
    p->files_checked = true;
    return 0;
}

const mig_manifest *mig_plugins_manifest(const mig_plugins *p) { return &p->m; }
const char *mig_plugins_dir(const mig_plugins *p) { return p->dir; }

const char *mig_plugins_path(const mig_plugins *p, size_t i)
{
    return mig_printf(p->a, "%s/%s", p->dir, p->m.revs[i].file);
}

/* ---- the ELF header, checked before dlopen ---- */

#if __SIZEOF_POINTER__ == 8
#define HOST_CLASS ELFCLASS64
typedef Elf64_Ehdr host_ehdr;
typedef Elf64_Phdr host_phdr;
#else
#define HOST_CLASS ELFCLASS32
typedef Elf32_Ehdr host_ehdr;
typedef Elf32_Phdr host_phdr;
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST_DATA ELFDATA2LSB
#else
#define HOST_DATA ELFDATA2MSB
#endif

#if defined(__x86_64__)
#define HOST_MACHINE EM_X86_64
#elif defined(__i386__)
#define HOST_MACHINE EM_386
#elif defined(__aarch64__)
#define HOST_MACHINE EM_AARCH64
#elif defined(__arm__)
#define HOST_MACHINE EM_ARM
#elif defined(__riscv)
#define HOST_MACHINE EM_RISCV
#elif defined(__powerpc64__)
#define HOST_MACHINE EM_PPC64
#elif defined(__s390x__)
#define HOST_MACHINE EM_S390
#else
#define HOST_MACHINE 0 /* unknown: not checked */
#endif

static bool fits(uint64_t off, uint64_t count, uint64_t each, size_t n)
{
    if (count && each > UINT64_MAX / count) return false;
    uint64_t len = count * each;
    return off <= n && len <= n - off;
}

mig_rt_code mig_elf_check(mig_arena *a, const unsigned char *data, size_t n, const char **why)
{
    if (n == 0) {
        *why = "The file is empty.";
        return MIG_RT_TRUNCATED;
    }
    size_t k = n < SELFMAG ? n : SELFMAG;
    if (memcmp(data, ELFMAG, k) != 0) {
        *why = "It does not start with the ELF magic number, so it is not a shared object at all.";
        return MIG_RT_NOT_ELF;
    }
    if (n < sizeof(host_ehdr)) {
        *why = mig_printf(a, "It is %zu bytes long, shorter than an ELF header (%zu bytes).", n, sizeof(host_ehdr));
        return MIG_RT_TRUNCATED;
    }
    if (data[EI_CLASS] != HOST_CLASS) {
        *why = mig_printf(a, "It is a %d-bit ELF file; this migrun is %d-bit.", data[EI_CLASS] == ELFCLASS32 ? 32 : 64,
                          HOST_CLASS == ELFCLASS32 ? 32 : 64);
        return MIG_RT_NOT_ELF;
    }
    if (data[EI_DATA] != HOST_DATA) {
        *why = "Its byte order is not this machine's.";
        return MIG_RT_NOT_ELF;
    }
    host_ehdr eh;
    memcpy(&eh, data, sizeof eh);
    if (eh.e_type != ET_DYN) {
        *why = mig_printf(a, "It is an ELF %s, not a shared object.",
                          eh.e_type == ET_EXEC ? "executable" : eh.e_type == ET_REL ? "relocatable object (a .o file)"
                                                                                     : "file of another type");
        return MIG_RT_NOT_ELF;
    }
    if (HOST_MACHINE && eh.e_machine != HOST_MACHINE) {
        *why = mig_printf(a, "It was built for another machine (ELF machine %u; this one is %u).", (unsigned)eh.e_machine,
                          (unsigned)HOST_MACHINE);
        return MIG_RT_NOT_ELF;
    }
    if (eh.e_phentsize != sizeof(host_phdr) || !fits(eh.e_phoff, eh.e_phnum, eh.e_phentsize, n)) {
        *why = mig_printf(a, "Its program headers (offset %llu, %u of %u bytes) end past the end of the file (%zu bytes).",
                          (unsigned long long)eh.e_phoff, (unsigned)eh.e_phnum, (unsigned)eh.e_phentsize, n);
        return MIG_RT_TRUNCATED;
    }
    if (eh.e_shoff && !fits(eh.e_shoff, eh.e_shnum, eh.e_shentsize, n)) {
        *why = mig_printf(a, "Its section headers (offset %llu) end past the end of the file (%zu bytes).",
                          (unsigned long long)eh.e_shoff, n);
        return MIG_RT_TRUNCATED;
    }
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        host_phdr ph;
        memcpy(&ph, data + eh.e_phoff + (size_t)i * sizeof ph, sizeof ph);
        if (ph.p_type == PT_LOAD && !fits(ph.p_offset, 1, ph.p_filesz, n)) {
            *why = mig_printf(a, "A loadable segment (offset %llu, %llu bytes) ends past the end of the file (%zu bytes).",
                              (unsigned long long)ph.p_offset, (unsigned long long)ph.p_filesz, n);
            return MIG_RT_TRUNCATED;
        }
    }
    return MIG_RT_OK;
}

static int read_file(mig_arena *a, const char *path, unsigned char **data, size_t *n, mig_rt_error *err)
{
    *data = NULL;
    *n = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return mig_rt_fail_at(err, MIG_RT_IO, path, mig_printf(a, "could not open plugin \"%s\": %s", path, strerror(errno)),
                              NULL, NULL);
    size_t cap = 0;
    for (;;) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 65536;
            *data = mig_xrealloc(*data, cap);
        }
        ssize_t r = read(fd, *data + *n, cap - *n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            free(*data);
            *data = NULL;
            return mig_rt_fail_at(err, MIG_RT_IO, path, mig_printf(a, "could not read plugin \"%s\": %s", path, strerror(e)),
                                  NULL, NULL);
        }
        if (r == 0) break;
        *n += (size_t)r;
    }
    close(fd);
    return 0;
}

static const char *magic_text(mig_arena *a, uint32_t m)
{
    char s[5];
    for (int i = 0; i < 4; i++) {
        unsigned char c = (unsigned char)(m >> (8 * i));
        s[i] = c >= 0x20 && c < 0x7f ? (char)c : '.';
    }
    s[4] = '\0';
    return mig_printf(a, "0x%08x (\"%s\")", (unsigned)m, s);
}

/* Magic, ABI version and size: every differing field on its own line of detail. */
static int check_abi(mig_plugins *p, const char *path, const mig_revision_desc *d, mig_rt_error *err)
{
    mig_arena *a = p->a;
    char *detail = NULL;
    const char *hint = "Run `migc build` again with the migc of this release (" MIG_VERSION "), so that the plugins and "
                       "migrun agree.";
    if (d->magic != MIG_PLUGIN_MAGIC) {
        detail = mig_printf(a, "The plugin's magic number is %s; migrun's is %s.", magic_text(a, d->magic),
                            magic_text(a, MIG_PLUGIN_MAGIC));
        hint = "The file exports mig_plugin_descriptor but was not made by migc; remove it and run `migc build` again.";
    }
    if (d->magic == MIG_PLUGIN_MAGIC && d->abi_version < MIG_ABI_VERSION)
        /* an older plugin: its steps carry what this migrun no longer reads (ABI 2: YQL text
         * in settings), so no field-by-field comparison helps */
        return mig_rt_fail_at(err, MIG_RT_ABI, path, mig_printf(a, "plugin \"%s\" was built by an older migc; run migc build", path),
                              mig_printf(a, "The plugin has ABI version %u; migrun has ABI version %u.", (unsigned)d->abi_version,
                                         (unsigned)MIG_ABI_VERSION),
                              "Run `migc build` again with the migc of this release (" MIG_VERSION "): it rebuilds every plugin.");
    if (d->abi_version != MIG_ABI_VERSION)
        detail = mig_printf(a, "%s%sThe plugin has ABI version %u; migrun has ABI version %u.", detail ? detail : "",
                            detail ? "\n" : "", (unsigned)d->abi_version, (unsigned)MIG_ABI_VERSION);
    if (d->size < sizeof(mig_revision_desc) && d->abi_version == MIG_ABI_VERSION && d->magic == MIG_PLUGIN_MAGIC)
        detail = mig_printf(a, "%s%sThe plugin's descriptor is %u bytes; migrun's is %zu bytes, and a plugin's may only "
                               "be larger.",
                            detail ? detail : "", detail ? "\n" : "", (unsigned)d->size, sizeof(mig_revision_desc));
    else if (d->size != sizeof(mig_revision_desc) && detail)
        detail = mig_printf(a, "%s\nThe plugin's descriptor is %u bytes; migrun's is %zu bytes.", detail, (unsigned)d->size,
                            sizeof(mig_revision_desc));
    if (!detail) {
        /* The steps are arrays: each struct they are made of must have migrun's size. */
        static const char *const names[MIG_ELEM__COUNT] = {"mig_p_step", "mig_p_table", "mig_p_column", "mig_p_index",
                                                           "mig_p_family", "mig_p_kv", "mig_p_ttl", "mig_p_changefeed",
                                                           "mig_p_change", "mig_p_type"};
        static const uint32_t ours[MIG_ELEM__COUNT] = MIG_ELEM_SIZES;
        for (int i = 0; i < MIG_ELEM__COUNT; i++)
            if (d->elem_sizes[i] != ours[i])
                detail = mig_printf(a, "%s%sIts %s is %u bytes; migrun's is %u bytes.", detail ? detail : "",
                                    detail ? "\n" : "", names[i], (unsigned)d->elem_sizes[i], (unsigned)ours[i]);
    }
    if (!detail) return 0;
    return mig_rt_fail_at(err, MIG_RT_ABI, path, mig_printf(a, "incompatible plugin \"%s\"", path), detail, hint);
}

static int check_desc(mig_plugins *p, size_t i, const char *path, const mig_revision_desc *d, mig_rt_error *err)
{
    mig_arena *a = p->a;
    const mig_manifest_rev *r = &p->m.revs[i];
    if (check_abi(p, path, d, err)) return -1;
    if (d->host_api_min > MIG_HOST_API_VERSION)
        return mig_rt_fail_at(err, MIG_RT_HOST_API, path,
                              mig_printf(a, "plugin \"%s\" needs a newer migrun", path),
                              mig_printf(a, "Its c steps need host API version %u; this migrun provides version %u.",
                                         (unsigned)d->host_api_min, (unsigned)MIG_HOST_API_VERSION),
                              "Run it with a migrun as new as the migc that built it.");
    const char *bad = !d->id ? "it has no id"
                      : !d->source_sha256 ? "it has no source checksum"
                      : (d->nupgrade && !d->upgrade) ? "it counts upgrade steps but has none"
                      : (d->ndowngrade && !d->downgrade) ? "it counts downgrade steps but has none"
                      : (d->nparents && !d->parents) || (d->ndepends && !d->depends) || (d->nlabels && !d->labels)
                          ? "it counts parents, depends_on or labels but lists none"
                          : NULL;
    if (bad)
        return mig_rt_fail_at(err, MIG_RT_BAD_DESC, path, mig_printf(a, "malformed descriptor in plugin \"%s\"", path),
                              mig_printf(a, "The descriptor passed the ABI check, but %s.", bad), REBUILD_HINT);
    char *detail = NULL;
    if (strcmp(d->id, r->id) != 0)
        detail = mig_printf(a, "The plugin is revision \"%s\"; the manifest lists the file as revision \"%s\".", d->id, r->id);
    if (strcmp(d->source_sha256, r->source_sha256) != 0)
        detail = mig_printf(a, "%s%sThe plugin was built from source with SHA-256 %s; the manifest records %s.",
                            detail ? detail : "", detail ? "\n" : "", d->source_sha256, r->source_sha256);
    if (detail)
        return mig_rt_fail_at(err, MIG_RT_IDENTITY, path,
                              mig_printf(a, "plugin \"%s\" does not match its manifest entry", path), detail,
                              "The plugin and the manifest come from different builds; run `migc build` again.");
    return 0;
}

int mig_plugins_get(mig_plugins *p, size_t i, const mig_revision_desc **out, mig_rt_error *err)
{
    mig_arena *a = p->a;
    *out = NULL;
    memset(err, 0, sizeof *err);
    if (i >= p->m.nrevs) return mig_rt_fail_at(err, MIG_RT_GRAPH, NULL, "no such revision in the manifest", NULL, NULL);
    if (p->descs[i]) {
        *out = p->descs[i];
        return 0;
    }
    const mig_manifest_rev *r = &p->m.revs[i];
    const char *path = mig_plugins_path(p, i);
    struct stat st;
    if (check_files(p, err) || check_plugin_file(p, i, &st, err)) return -1;

    /* The checksum decides; the ELF header says how a file that fails it differs, and
     * keeps a manifest that records a broken file from reaching dlopen. */
    unsigned char *data;
    size_t n;
    if (read_file(a, path, &data, &n, err)) return -1;
    char hex[65];
    mig_sha256_hex(data, n, hex);
    const char *why = NULL;
    mig_rt_code ec = mig_elf_check(a, data, n, &why);
    free(data);
    bool same = strcmp(hex, r->plugin_sha256) == 0;
    const char *sums = same ? "" : mig_printf(a, "\nIts SHA-256 is %s; the manifest records %s.", hex, r->plugin_sha256);
    if (ec == MIG_RT_NOT_ELF)
        return mig_rt_fail_at(err, ec, path, mig_printf(a, "plugin \"%s\" is not a shared object", path),
                              mig_printf(a, "%s%s", why, sums), REBUILD_HINT);
    if (ec == MIG_RT_TRUNCATED)
        return mig_rt_fail_at(err, ec, path, mig_printf(a, "plugin \"%s\" is truncated", path),
                              mig_printf(a, "%s An interrupted build or copy leaves such files.%s", why, sums), REBUILD_HINT);
    if (!same)
        return mig_rt_fail_at(err, MIG_RT_CHANGED, path, mig_printf(a, "plugin \"%s\" changed after the build", path),
                              mig_printf(a, "%s migrun runs only what `migc build` produced, so it does not load it.",
                                         sums + 1),
                              REBUILD_HINT);

    dlerror();
    /* An absolute path: dlopen neither searches nor asks for the working directory. */
    if (!p->abs_dir) {
        char *rp = realpath(p->dir, NULL);
        p->abs_dir = rp ? mig_strdup(a, rp) : p->dir;
        free(rp);
    }
    const char *open_path = mig_printf(a, "%s/%s", p->abs_dir, r->file);
    if (open_path[0] != '/') open_path = mig_printf(a, "./%s", open_path);
    void *h = dlopen(open_path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *de = dlerror();
        return mig_rt_fail_at(err, MIG_RT_DLOPEN, path, mig_printf(a, "could not load plugin \"%s\"", path),
                              mig_printf(a, "dlopen: %s", de ? de : "unknown error"),
                              "A plugin that passed its checksum but does not load usually needs a library this machine "
                              "lacks; run `migc build` on this machine.");
    }
    dlerror();
    void *sym = dlsym(h, MIG_PLUGIN_SYMBOL);
    if (!sym) {
        dlclose(h);
        return mig_rt_fail_at(err, MIG_RT_NO_SYMBOL, path,
                              mig_printf(a, "incompatible plugin \"%s\": no %s function", path, MIG_PLUGIN_SYMBOL),
                              "Every revision plugin exports mig_plugin_descriptor(); this shared object does not, so it was "
                              "not made by migc.",
                              REBUILD_HINT);
    }
    mig_plugin_descriptor_fn fn;
    memcpy(&fn, &sym, sizeof fn); /* object to function pointer, as POSIX allows */
    const mig_revision_desc *d = fn();
    if (!d) {
        dlclose(h);
        return mig_rt_fail_at(err, MIG_RT_BAD_DESC, path, mig_printf(a, "malformed descriptor in plugin \"%s\"", path),
                              "Its mig_plugin_descriptor() returned NULL.", REBUILD_HINT);
    }
    if (check_desc(p, i, path, d, err)) {
        dlclose(h);
        return -1;
    }
    p->handles[i] = h;
    p->descs[i] = d;
    *out = d;
    return 0;
}

void mig_plugins_release(mig_plugins *p, size_t i)
{
    if (i >= p->m.nrevs || !p->handles[i]) return;
    dlclose(p->handles[i]);
    p->handles[i] = NULL;
    p->descs[i] = NULL;
}

void mig_plugins_close(mig_plugins *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->m.nrevs; i++) {
        if (p->handles[i]) dlclose(p->handles[i]);
        p->handles[i] = NULL;
        p->descs[i] = NULL;
    }
}
