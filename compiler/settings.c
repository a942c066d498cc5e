/* settings.c - see settings.h. */
#include "settings.h"
typedef int mig_stub_settings;
