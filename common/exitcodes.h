/* exitcodes.h - the exit statuses of migc and migrun, in one place.
 * They are part of the interface (scripts test them) and documented in the man pages
 * and docs/exit-codes.md. Append only; never renumber. Their general meanings, for help
 * texts, are in common/cli.c (mig_exit_meaning). */
#ifndef MIG_EXITCODES_H
#define MIG_EXITCODES_H

enum mig_exit {
    MIG_EXIT_OK = 0,       /* success (warnings may have been printed) */
    MIG_EXIT_FAILURE = 1,  /* a migration step or other runtime operation failed */
    MIG_EXIT_USAGE = 2,    /* the command line is wrong */
    MIG_EXIT_INVALID = 3,  /* the .mig sources have errors (nothing was built or run) */
    MIG_EXIT_PLUGIN = 4,   /* a compiled revision was refused (ABI, checksum, manifest) */
    MIG_EXIT_DATABASE = 5, /* the database could not be reached or refused the request */
    MIG_EXIT_IO = 6,       /* a file or directory could not be read or written */
};

#endif
