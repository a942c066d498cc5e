/* fuzz_yql.c - libFuzzer target: ydbsim's YQL parser (tests/ydbsim/yql_*.c), which
 * reads whatever a client sends.
 *
 * Oracles besides the sanitizers: a refusal is GENERIC_ERROR-like (a status and an issue,
 * never success); a parse gives statements with a kind.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/ydbsim/yql.h"
#include "tests/ydbsim/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    script s;
    memset(&s, 0, sizeof s);
    sim_result r;
    memset(&r, 0, sizeof r);
    if (yql_parse(text, &s, &r)) {
        for (size_t i = 0; i < s.n; i++) (void)stmt_op_name(s.st[i]);
        script_free(&s);
    }
    sim_result_free(&r);
    free(text);
    return 0;
}
