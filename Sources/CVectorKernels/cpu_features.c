#include "cpu_features.h"

int tsh_cpu_has_avx2(void) {
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx2");
    }
    return known;
}

int tsh_cpu_has_avx2_fma(void) {
    static int known = -1;
    if (known < 0) known = tsh_cpu_has_avx2() && __builtin_cpu_supports("fma");
    return known;
}

int tsh_cpu_has_avx512(void) {
    static int known = -1;
    if (known < 0) {
        known = tsh_cpu_has_avx2_fma() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                __builtin_cpu_supports("avx512vl");
    }
    return known;
}
