/* test_literal.c */
#include <criterion/criterion.h>
#include "helpers.h"
