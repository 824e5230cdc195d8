#include "tsh_vector.h"
#include "cpu_features.h"
#include <string.h>

// ATen's vectorized_inner_sum (aten/src/ATen/native/cpu/SumKernel.cpp, its AVX2 build) in
// one pass: row_sum over whole vectors with four interleaved accumulators, each summed
// through multi_row_sum's four-level cascade, then the tail scalars and the lanes. Lanes of
// a vector add independently, so the bits are those of the lane-by-lane order whatever
// vector unit runs it (two SSE halves or one AVX register).

typedef float f32x8 __attribute__((vector_size(32), aligned(4)));
typedef double f64x4 __attribute__((vector_size(32), aligned(8)));

static inline long ceil_log2(long x) { return x <= 2 ? 1 : 64 - __builtin_clzl((unsigned long)(x - 1)); }

#define CASCADE_ROW(NAME, T, V, WIDTH)                                                         \
static inline __attribute__((always_inline)) T NAME##_body(const T *x, long count) {          \
    const long vectors = count / WIDTH, rows = vectors / 4;                                   \
    const long level_power = ceil_log2(rows) / 4 > 4 ? ceil_log2(rows) / 4 : 4;               \
    const long step = 1L << level_power, mask = step - 1;                                     \
    V acc[4][4];                                                                              \
    memset(acc, 0, sizeof acc);                                                               \
    long i = 0;                                                                               \
    while (i + step <= rows) {                                                                \
        for (long j = 0; j < step; j++, i++) {                                                \
            const V *row = (const V *)(x + i * 4 * WIDTH);                                    \
            acc[0][0] += row[0]; acc[0][1] += row[1]; acc[0][2] += row[2]; acc[0][3] += row[3]; \
        }                                                                                     \
        for (int level = 1; level < 4; level++) {                                             \
            for (int k = 0; k < 4; k++) { acc[level][k] += acc[level - 1][k]; acc[level - 1][k] = (V){0}; } \
            if (i & (mask << (level * level_power))) break;                                   \
        }                                                                                     \
    }                                                                                         \
    for (; i < rows; i++) {                                                                   \
        const V *row = (const V *)(x + i * 4 * WIDTH);                                        \
        acc[0][0] += row[0]; acc[0][1] += row[1]; acc[0][2] += row[2]; acc[0][3] += row[3];   \
    }                                                                                         \
    for (int level = 1; level < 4; level++)                                                   \
        for (int k = 0; k < 4; k++) acc[0][k] += acc[level][k];                               \
    for (long v = rows * 4; v < vectors; v++) acc[0][0] += *(const V *)(x + v * WIDTH);       \
    acc[0][0] += acc[0][1];                                                                   \
    acc[0][0] += acc[0][2];                                                                   \
    acc[0][0] += acc[0][3];                                                                   \
    T total = 0;                                                                              \
    for (long k = vectors * WIDTH; k < count; k++) total += x[k];                             \
    for (int l = 0; l < WIDTH; l++) total += acc[0][0][l];                                    \
    return total;                                                                             \
}                                                                                             \
__attribute__((target("avx2"))) static T NAME##_avx2(const T *x, long count) { return NAME##_body(x, count); } \
static T NAME##_portable(const T *x, long count) { return NAME##_body(x, count); }             \
T tsh_##NAME(const T *x, long count) {                                                        \
    return tsh_cpu_has_avx2() ? NAME##_avx2(x, count) : NAME##_portable(x, count);            \
}

CASCADE_ROW(cascade_row_sum_f32, float, f32x8, 8)
CASCADE_ROW(cascade_row_sum_f64, double, f64x4, 4)
