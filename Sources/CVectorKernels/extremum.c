#include "tsh_vector.h"
#include "cpu_features.h"
#include <string.h>

// The largest (or smallest) of n contiguous floats in vector registers. maxnum-style vector
// max skips NaNs, so NaNs are counted beside it and, when there are any, the answer is the
// first NaN (as the scalar scan PyTorch's result matches). A zero result is found again by
// a scan: which of 0.0 and -0.0 comes out depends on the order, and the scan keeps the first.

typedef float f32x8 __attribute__((vector_size(32), aligned(4)));
typedef int i32x8 __attribute__((vector_size(32)));

static float scan(const float *x, long n, int largest) {
    float best = x[0];
    if (best != best) return best;
    for (long k = 1; k < n; k++) {
        float v = x[k];
        if (v != v) return v;
        if (largest ? v > best : v < best) best = v;
    }
    return best;
}

static inline __attribute__((always_inline)) float extremum_body(const float *x, long n, int largest) {
    if (n < 64) return scan(x, n, largest);
    f32x8 m0 = *(const f32x8 *)x, m1 = m0;
    i32x8 nan = {0};
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        f32x8 a = *(const f32x8 *)(x + i), b = *(const f32x8 *)(x + i + 8);
        nan |= (a != a) | (b != b);
        if (largest) { m0 = __builtin_elementwise_max(m0, a); m1 = __builtin_elementwise_max(m1, b); }
        else { m0 = __builtin_elementwise_min(m0, a); m1 = __builtin_elementwise_min(m1, b); }
    }
    int any_nan = 0;
    for (int l = 0; l < 8; l++) any_nan |= nan[l];
    if (any_nan) return scan(x, n, largest);
    float best = m0[0];
    for (int l = 0; l < 8; l++) {
        float a = m0[l], b = m1[l];
        if (largest) { best = a > best ? a : best; best = b > best ? b : best; }
        else { best = a < best ? a : best; best = b < best ? b : best; }
    }
    for (; i < n; i++) {
        float v = x[i];
        if (v != v) return scan(x, n, largest);
        if (largest ? v > best : v < best) best = v;
    }
    return best == 0 ? scan(x, n, largest) : best;
}

__attribute__((target("avx2"))) static float extremum_avx2(const float *x, long n, int largest) {
    return extremum_body(x, n, largest);
}
static float extremum_portable(const float *x, long n, int largest) { return extremum_body(x, n, largest); }

float tsh_extremum_f32(const float *x, long n, int largest) {
    return tsh_cpu_has_avx2() ? extremum_avx2(x, n, largest) : extremum_portable(x, n, largest);
}
