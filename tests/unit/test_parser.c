/* test_parser.c */
#include <criterion/criterion.h>
#include "helpers.h"
