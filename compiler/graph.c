/* graph.c - see graph.h. */
#include "graph.h"
typedef int mig_stub_graph;
