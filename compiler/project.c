/* project.c - see project.h. */
#include "project.h"
typedef int mig_stub_project;
