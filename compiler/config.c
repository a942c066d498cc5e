/* config.c - see config.h. */
#include "config.h"
typedef int mig_stub_config;
