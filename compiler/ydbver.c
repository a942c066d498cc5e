/* ydbver.c - see ydbver.h. */
#include "ydbver.h"
typedef int mig_stub_ydbver;
