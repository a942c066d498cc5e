/* migrun_main.c - the migrun program: everything is in libmigrun (see migrun.h). */
#include <stdio.h>

#include "migrun.h"

int main(int argc, char **argv) { return mig_run_main(argc, argv, stdout, stderr); }
