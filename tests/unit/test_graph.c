/* test_graph.c */
#include <criterion/criterion.h>
#include "helpers.h"
