/* sema.c - see sema.h. */
#include "sema.h"
typedef int mig_stub_sema;
