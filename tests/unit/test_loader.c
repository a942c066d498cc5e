/* test_loader.c - the loader: a valid directory, laziness, and every refusal. */
#include <criterion/criterion.h>
#include <elf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../runtime/loader.h"
#include "../plugins/plugdir.h"

static char *tmp;
static mig_arena *arena;
static tp_dir pd;

static void setup(void)
{
    tmp = tp_tmpdir();
    arena = mig_arena_new();
    tp_init(&pd, arena, mig_printf(arena, "%s/plugins", tmp), TEST_PLUGIN_DIR);
}
static void teardown(void)
{
    tp_rmtree(tmp);
    free(tmp);
    mig_arena_free(arena);
}

TestSuite(loader, .init = setup, .fini = teardown);

static void add_graph(void)
{
    tp_add(&pd, "rev_0001", NULL);
    tp_add(&pd, "rev_0002", NULL);
    tp_add(&pd, "rev_0003", NULL);
    tp_add(&pd, "rev_0003b", NULL);
    tp_add(&pd, "rev_0004", NULL);
}

/* Is the file at path mapped into this process (dlopen'ed)? */
static int is_mapped(const char *path)
{
    char real[PATH_MAX], line[PATH_MAX + 256];
    if (!realpath(path, real)) return 0;
    FILE *f = fopen("/proc/self/maps", "r");
    int found = 0;
    while (f && fgets(line, sizeof line, f)) found |= strstr(line, real) != NULL;
    if (f) fclose(f);
    return found;
}

static mig_plugins *open_ok(void)
{
    mig_plugins *p;
    mig_rt_error e;
    cr_assert_eq(mig_plugins_open(arena, pd.dir, &p, &e), 0, "open: %s", e.message);
    return p;
}

static mig_rt_error open_fails(void)
{
    mig_plugins *p;
    mig_rt_error e;
    cr_assert_eq(mig_plugins_open(arena, pd.dir, &p, &e), -1, "the directory is refused");
    cr_assert_null(p);
    cr_assert_not_null(e.message);
    return e;
}

/* The directory opens (its manifest is all a listing reads), and the first load, of any
 * revision, is refused for the files: return that error. */
static mig_rt_error first_load_fails(void)
{
    mig_plugins *p = open_ok();
    const mig_revision_desc *d;
    mig_rt_error e;
    cr_assert_eq(mig_plugins_get(p, 0, &d, &e), -1, "the first load is refused");
    cr_assert_null(d);
    cr_assert_not_null(e.message);
    cr_assert_not(is_mapped(mig_plugins_path(p, 0)), "nothing is dlopen'ed");
    mig_plugins_close(p);
    return e;
}

/* Open and load revision 0; return the error it must produce, which names the file. */
static mig_rt_error load_fails(void)
{
    mig_rt_error e = first_load_fails();
    cr_assert_not_null(e.file);
    cr_assert(strstr(e.message, "0001_create_users.so") != NULL, "the message names the file: %s", e.message);
    return e;
}

static int has(const char *s, const char *needle) { return s && strstr(s, needle) != NULL; }

Test(loader, valid_graph_opens_lazily_and_loads_every_revision)
{
    add_graph();
    tp_write(&pd);
    mig_plugins *p = open_ok();
    const mig_manifest *m = mig_plugins_manifest(p);
    cr_assert_eq(m->nrevs, 5);
    for (size_t i = 0; i < m->nrevs; i++)
        cr_assert_not(is_mapped(mig_plugins_path(p, i)), "nothing is dlopen'ed by open (%s)", m->revs[i].id);
    for (size_t i = 0; i < m->nrevs; i++) {
        const mig_revision_desc *d;
        mig_rt_error e;
        cr_assert_eq(mig_plugins_get(p, i, &d, &e), 0, "%s: %s / %s", m->revs[i].id, e.message, e.detail);
        cr_assert_str_eq(d->id, m->revs[i].id);
        cr_assert(is_mapped(mig_plugins_path(p, i)), "loaded on demand");
        const mig_revision_desc *again;
        cr_assert_eq(mig_plugins_get(p, i, &again, &e), 0);
        cr_assert_eq(again, d, "loaded once");
    }
    mig_plugins_close(p);
    cr_assert_not(is_mapped(mig_plugins_path(p, 0)), "close unloads");
}

Test(loader, open_reads_the_manifest_and_no_plugin_file)
{
    add_graph();
    tp_write(&pd);
    const char *files[] = {"0001_create_users.so", "0002_add_posts.so", "0003b_audit.so"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) unlink(tp_path(&pd, files[i]));
    tp_write_file(tp_path(&pd, "zz_intruder.so"), "x", 1);
    mig_plugins *p = open_ok();
    cr_assert_eq(mig_plugins_manifest(p)->nrevs, 5, "the whole manifest, without the files");
    const mig_revision_desc *d;
    mig_rt_error e;
    cr_assert_eq(mig_plugins_get(p, 3, &d, &e), -1, "loading checks the files first");
    cr_assert_eq(e.code, MIG_RT_FOREIGN, "%s", e.message);
    mig_plugins_close(p);
}

Test(loader, directory_writable_by_group_is_refused)
{
    add_graph();
    tp_write(&pd);
    chmod(pd.dir, 0775);
    mig_rt_error e = open_fails();
    cr_assert_eq(e.code, MIG_RT_PERMS);
    cr_assert(has(e.message, "plugin directory") && has(e.message, pd.dir) && has(e.message, "writable by group"),
              "%s", e.message);
    cr_assert(has(e.hint, "chmod go-w"), "%s", e.hint);
}

Test(loader, plugin_writable_by_others_is_refused)
{
    add_graph();
    tp_write(&pd);
    chmod(tp_path(&pd, "0002_add_posts.so"), 0646);
    mig_rt_error e = first_load_fails();
    cr_assert_eq(e.code, MIG_RT_PERMS);
    cr_assert(has(e.message, "plugin file") && has(e.message, "0002_add_posts.so") && has(e.message, "by others"), "%s",
              e.message);
}

Test(loader, foreign_plugin_is_refused_by_name)
{
    add_graph();
    tp_write(&pd);
    tp_write_file(tp_path(&pd, "zz_intruder.so"), "x", 1);
    mig_rt_error e = first_load_fails();
    cr_assert_eq(e.code, MIG_RT_FOREIGN);
    cr_assert(has(e.message, "foreign plugin") && has(e.message, "zz_intruder.so") && has(e.message, "does not name it"),
              "%s", e.message);
}

Test(loader, missing_plugin_is_refused)
{
    add_graph();
    tp_write(&pd);
    unlink(tp_path(&pd, "0003b_audit.so"));
    mig_rt_error e = first_load_fails();
    cr_assert_eq(e.code, MIG_RT_MISSING);
    cr_assert(has(e.message, "missing plugin") && has(e.message, "0003b_audit.so") && has(e.message, "\"0003b_audit\""),
              "%s", e.message);
    cr_assert(has(e.hint, "migc build"), "%s", e.hint);
}

Test(loader, symlinked_plugin_is_refused)
{
    tp_add(&pd, "rev_0001", NULL);
    tp_write(&pd);
    const char *p = tp_path(&pd, "0001_create_users.so"), *q = mig_printf(arena, "%s/real.so", tmp);
    cr_assert_eq(rename(p, q), 0);
    cr_assert_eq(symlink(q, p), 0);
    mig_rt_error e = first_load_fails();
    cr_assert_eq(e.code, MIG_RT_NOT_REGULAR);
    cr_assert(has(e.detail, "symbolic link"), "%s", e.detail);
}

Test(loader, no_manifest_is_an_io_error)
{
    mig_rt_error e = open_fails();
    cr_assert_eq(e.code, MIG_RT_IO);
    cr_assert(has(e.message, "no manifest"), "%s", e.message);
}

Test(loader, missing_directory_is_an_io_error)
{
    mig_plugins *p;
    mig_rt_error e;
    const char *nowhere = mig_printf(arena, "%s/nowhere", tmp);
    cr_assert_eq(mig_plugins_open(arena, nowhere, &p, &e), -1);
    cr_assert_eq(e.code, MIG_RT_IO);
    cr_assert(has(e.message, "does not exist") && has(e.message, nowhere), "%s", e.message);
}

Test(loader, malformed_manifest_is_refused_with_its_line)
{
    tp_write_file(tp_path(&pd, "manifest"), "migc-manifest 1\nwhat 1\n", 23);
    mig_rt_error e = open_fails();
    cr_assert_eq(e.code, MIG_RT_MANIFEST);
    cr_assert(has(e.message, "manifest:2: unrecognized key \"what\""), "%s", e.message);
}

Test(loader, text_file_is_not_a_shared_object)
{
    tp_add(&pd, "rev_0001", NULL);
    tp_write(&pd);
    const char *text = "#!/bin/sh\necho not a plugin\n";
    tp_write_file(tp_path(&pd, "0001_create_users.so"), text, strlen(text));
    mig_rt_error e = load_fails();
    cr_assert_eq(e.code, MIG_RT_NOT_ELF);
    cr_assert(has(e.message, "is not a shared object"), "%s", e.message);
    cr_assert(has(e.detail, "ELF magic"), "%s", e.detail);
}

static void truncate_plugin(size_t keep_num, size_t keep_den)
{
    tp_add(&pd, "rev_0001", NULL);
    tp_write(&pd);
    const char *path = tp_path(&pd, "0001_create_users.so");
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(truncate(path, keep_den ? (off_t)((size_t)st.st_size * keep_num / keep_den) : (off_t)keep_num), 0);
}

Test(loader, file_shorter_than_an_elf_header_is_truncated)
{
    truncate_plugin(40, 0);
    mig_rt_error e = load_fails();
    cr_assert_eq(e.code, MIG_RT_TRUNCATED);
    cr_assert(has(e.message, "is truncated"), "%s", e.message);
    cr_assert(has(e.detail, "40 bytes long, shorter than an ELF header"), "%s", e.detail);
}

Test(loader, half_a_plugin_is_truncated)
{
    truncate_plugin(1, 2);
    mig_rt_error e = load_fails();
    cr_assert_eq(e.code, MIG_RT_TRUNCATED);
    cr_assert(has(e.detail, "past the end of the file"), "%s", e.detail);
}

Test(loader, plugin_changed_after_the_build_is_refused)
{
    tp_add(&pd, "rev_0001", NULL);
    tp_write(&pd);
    /* another valid shared object in its place: only the checksum can tell */
    tp_rmtree(tp_path(&pd, "0001_create_users.so"));
    tp_dir other;
    tp_init(&other, arena, mig_printf(arena, "%s/other", tmp), TEST_PLUGIN_DIR);
    tp_add(&other, "rev_0002", NULL);
    cr_assert_eq(rename(tp_path(&other, "0002_add_posts.so"), tp_path(&pd, "0001_create_users.so")), 0);
    mig_rt_error e = load_fails();
    cr_assert_eq(e.code, MIG_RT_CHANGED);
    cr_assert(has(e.message, "changed after the build"), "%s", e.message);
    cr_assert(has(e.detail, pd.m.revs[0].plugin_sha256), "both checksums: %s", e.detail);
}

/* One byte of a built plugin changed in place: same size, manifest untouched. */
static void flip_byte(const char *path, long at)
{
    FILE *f = fopen(path, "r+b");
    cr_assert_not_null(f);
    cr_assert_eq(fseek(f, at, SEEK_SET), 0);
    int c = fgetc(f);
    cr_assert_neq(c, EOF);
    cr_assert_eq(fseek(f, at, SEEK_SET), 0);
    fputc(c ^ 0xff, f);
    cr_assert_eq(fclose(f), 0);
}

Test(loader, a_changed_elf_header_is_named_with_both_checksums)
{
    tp_add(&pd, "rev_0001", NULL);
    tp_write(&pd);
    flip_byte(tp_path(&pd, "0001_create_users.so"), EI_CLASS);
    mig_rt_error e = load_fails();
    cr_assert_eq(e.code, MIG_RT_NOT_ELF);
    cr_assert(has(e.detail, pd.m.revs[0].plugin_sha256), "the manifest's checksum: %s", e.detail);
}

Test(loader, dlopen_failure_includes_dlerror)
{
    tp_add(&pd, "undef", "rev_0001");
    tp_write(&pd);
    mig_rt_error e = load_fails();
    cr_assert_eq(e.code, MIG_RT_DLOPEN);
    cr_assert(has(e.message, "could not load plugin"), "%s", e.message);
    cr_assert(has(e.detail, "dlopen: ") && has(e.detail, "mig_test_no_such_function"), "%s", e.detail);
}

Test(loader, missing_descriptor_symbol_is_refused)
{
    tp_add(&pd, "no_symbol", "rev_0001");
    tp_write(&pd);
    mig_rt_error e = load_fails();
    cr_assert_eq(e.code, MIG_RT_NO_SYMBOL);
    cr_assert(has(e.message, "no mig_plugin_descriptor function"), "%s", e.message);
}

Test(loader, wrong_magic_reports_both_values)
{
    tp_add(&pd, "bad_magic", "rev_0001");
    tp_write(&pd);
    mig_rt_error e = load_fails();
    cr_assert_eq(e.code, MIG_RT_ABI);
    cr_assert(has(e.message, "incompatible plugin"), "%s", e.message);
    cr_assert(has(e.detail, "magic number is 0x21444142 (\"BAD!\"); migrun's is 0x3147494d (\"MIG1\")"), "%s", e.detail);
    cr_assert_not(has(e.detail, "ABI version"), "the version agrees, so it is not listed: %s", e.detail);
}

Test(loader, wrong_abi_version_and_size_report_each_field)
{
    tp_add(&pd, "bad_abi", "rev_0001");
    tp_write(&pd);
    mig_rt_error e = load_fails();
    cr_assert_eq(e.code, MIG_RT_ABI);
    cr_assert(has(e.detail, mig_printf(arena, "The plugin has ABI version 99; migrun has ABI version %u.", MIG_ABI_VERSION)),
              "%s", e.detail);
    char *want = mig_printf(arena, "\nThe plugin's descriptor is 64 bytes; migrun's is %zu bytes.", sizeof(mig_revision_desc));
    cr_assert(has(e.detail, want), "a second line for the size: %s", e.detail);
    cr_assert_not(has(e.detail, "magic"), "%s", e.detail);
}

Test(loader, abi_2_plugin_is_refused_as_built_by_an_older_migc)
{
    tp_add(&pd, "old_abi", "rev_0001");
    tp_write(&pd);
    mig_rt_error e = load_fails();
    cr_assert_eq(e.code, MIG_RT_ABI);
    cr_assert(has(e.message, "was built by an older migc; run migc build"), "%s", e.message);
    cr_assert(has(e.detail, mig_printf(arena, "The plugin has ABI version 2; migrun has ABI version %u.", MIG_ABI_VERSION)),
              "%s", e.detail);
}

Test(loader, descriptor_smaller_than_migruns_is_refused)
{
    tp_add(&pd, "bad_size", "rev_0001");
    tp_write(&pd);
    mig_rt_error e = load_fails();
    cr_assert_eq(e.code, MIG_RT_ABI);
    cr_assert(has(e.detail, "descriptor is 64 bytes"), "%s", e.detail);
    cr_assert_not(has(e.detail, "ABI version"), "%s", e.detail);
}

Test(loader, step_struct_of_another_size_is_refused)
{
    tp_add(&pd, "bad_elem", "rev_0001");
    tp_write(&pd);
    mig_rt_error e = load_fails();
    cr_assert_eq(e.code, MIG_RT_ABI);
    cr_assert(has(e.message, "incompatible plugin"), "%s", e.message);
    char *want = mig_printf(arena, "Its mig_p_step is %zu bytes; migrun's is %zu bytes.", sizeof(mig_p_step) - 8,
                            sizeof(mig_p_step));
    cr_assert(has(e.detail, want), "%s", e.detail);
    cr_assert_not(has(e.detail, "mig_p_table"), "only the struct that differs: %s", e.detail);
    cr_assert(has(e.hint, "migc build"), "%s", e.hint);
}

Test(loader, newer_host_api_is_refused)
{
    tp_add(&pd, "bad_hostapi", "rev_0001");
    tp_write(&pd);
    mig_rt_error e = load_fails();
    cr_assert_eq(e.code, MIG_RT_HOST_API);
    cr_assert(has(e.detail, "host API version 99; this migrun provides version 1"), "%s", e.detail);
}

Test(loader, descriptor_id_differing_from_manifest_is_refused)
{
    mig_manifest_rev *r = tp_add(&pd, "rev_0001", NULL);
    r->id = "0001_renamed";
    tp_write(&pd);
    mig_rt_error e = load_fails();
    cr_assert_eq(e.code, MIG_RT_IDENTITY);
    cr_assert(has(e.message, "does not match its manifest entry"), "%s", e.message);
    cr_assert(has(e.detail, "revision \"0001_create_users\"; the manifest lists the file as revision \"0001_renamed\""),
              "%s", e.detail);
}

Test(loader, source_checksum_differing_from_manifest_is_refused)
{
    mig_manifest_rev *r = tp_add(&pd, "rev_0001", NULL);
    r->source_sha256 = "abababababababababababababababababababababababababababababababab";
    tp_write(&pd);
    mig_rt_error e = load_fails();
    cr_assert_eq(e.code, MIG_RT_IDENTITY);
    cr_assert(has(e.detail, "SHA-256 1111111111111111111111111111111111111111111111111111111111111111; the manifest "
                            "records abababababababababababababababababababababababababababababababab"),
              "%s", e.detail);
}

Test(loader, elf_check_names_other_kinds)
{
    unsigned char h[sizeof(Elf64_Ehdr) > sizeof(Elf32_Ehdr) ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)];
    memset(h, 0, sizeof h);
    memcpy(h, ELFMAG, SELFMAG);
    h[EI_CLASS] = sizeof(void *) == 8 ? ELFCLASS32 : ELFCLASS64;
    h[EI_DATA] = ELFDATA2LSB;
    const char *why;
    cr_assert_eq(mig_elf_check(arena, h, sizeof h, &why), MIG_RT_NOT_ELF);
    cr_assert(has(why, "-bit ELF file"), "%s", why);
    cr_assert_eq(mig_elf_check(arena, h, 0, &why), MIG_RT_TRUNCATED, "empty");
    cr_assert_eq(mig_elf_check(arena, h, 3, &why), MIG_RT_TRUNCATED, "a prefix of the magic");
}
