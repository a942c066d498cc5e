/* migrun_main.c - the migrun program: everything is in libmigrun (see migrun.h). */
#include <signal.h>
#include <stdio.h>

#include "migrun.h"

int main(int argc, char **argv)
{
    /* A reader of our output going away (`migrun upgrade head | head`) must not kill a
     * migration half way: writes then fail quietly and the run goes on to its end. */
    signal(SIGPIPE, SIG_IGN);
    return mig_run_main(argc, argv, stdout, stderr);
}
