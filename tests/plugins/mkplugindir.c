/* mkplugindir.c - for tests/migrun-cli.sh: mkplugindir DEST FROM SO... makes DEST a plugin
 * directory holding FROM/SO.so for each SO, in the order given, with its manifest. */
#include <stdio.h>

#include "plugdir.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: mkplugindir DEST FROM [SO...]\n", stderr);
        return 2;
    }
    mig_arena *a = mig_arena_new();
    tp_dir d;
    tp_init(&d, a, argv[1], argv[2]);
    for (int i = 3; i < argc; i++) tp_add(&d, argv[i], NULL);
    tp_write(&d);
    mig_arena_free(a);
    return 0;
}
