/* yql.c - see yql.h. */
#include "yql.h"
typedef int mig_rt_stub_yql;
