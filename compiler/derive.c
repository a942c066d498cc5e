/* derive.c - see derive.h. */
#include "derive.h"
typedef int mig_stub_derive;
