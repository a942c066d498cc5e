/* apitest.c - a program that uses libmigrun the way another project would: through
 * <mig/migrun.h> alone, linked against the shared library. Prints what it finds in a
 * plugin directory for tests/libmigrun.sh to compare.
 *
 *   apitest DIR     the revisions, the plan base -> head, head -> base, and each
 *                   planned revision's descriptor id
 */
#include <mig/migrun.h>
#include <stdio.h>
#include <string.h>

static int report(const migrun *m, const char *what)
{
    const migrun_error *e = migrun_last_error(m);
    printf("%s: %s (exit %d): %s\n", what, e->kind, e->exit_status, e->message);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: apitest DIR\n");
        return 2;
    }
    migrun *m = migrun_new();
    if (!m) return 1;
    int rc = 0;
    if (migrun_open(m, argv[1]) != 0) {
        rc = report(m, "open");
        goto out;
    }
    printf("revisions:");
    for (size_t i = 0; i < migrun_count(m); i++) printf(" %s", migrun_id(m, i));
    printf("\n");
    const size_t *order;
    size_t n;
    if (migrun_plan(m, MIGRUN_UPGRADE, NULL, 0, "head", &order, &n) != 0) {
        rc = report(m, "plan");
        goto out;
    }
    printf("upgrade base -> head:");
    for (size_t i = 0; i < n; i++) {
        const mig_revision_desc *d;
        if (migrun_descriptor(m, order[i], &d) != 0) {
            rc = report(m, "descriptor");
            goto out;
        }
        printf(" %s%s", migrun_id(m, order[i]), strcmp(d->id, migrun_id(m, order[i])) == 0 ? "" : "(descriptor differs)");
    }
    printf("\n");
    const char *head = migrun_id(m, migrun_count(m) - 1);
    if (migrun_plan(m, MIGRUN_DOWNGRADE, &head, 1, "base", &order, &n) != 0) {
        rc = report(m, "plan");
        goto out;
    }
    printf("downgrade head -> base:");
    for (size_t i = 0; i < n; i++) printf(" %s", migrun_id(m, order[i]));
    printf("\n");
    printf("find %s: %ld\n", head, migrun_find(m, head));
    if (migrun_plan(m, MIGRUN_UPGRADE, NULL, 0, "no_such_revision", &order, &n) != 0) report(m, "plan no_such_revision");
out:
    migrun_free(m);
    return rc;
}
