#include "tsh_vector.h"
#include <string.h>

// LogSoftmaxBackward0 in one pass per row, as ATen's _vec_log_softmax_backward computes it
// in its AVX2 build: the row's gradient summed by vec::reduce_all (8 float lanes: whole
// vectors added lane by lane, a tail into the first lanes, then a halving tree; a row
// shorter than a vector summed in order), and grad - exp(output) * sum as one fused
// multiply-add (the compiler contracts ATen's `x - y.exp() * sum`), exp being SLEEF's.
// Checked against PyTorch 2.15 (ATEN_CPU_CAPABILITY=avx2) on rows of 7 to 1000.

static float reduce_all8(const float *x, long n) {
    if (n < 8) {
        float acc = x[0];
        for (long i = 1; i < n; i++) acc = acc + x[i];
        return acc;
    }
    float acc[8], next[8];
    memcpy(acc, x, sizeof acc);
    long d = 8;
    for (; d < n - n % 8; d += 8)
        for (int l = 0; l < 8; l++) acc[l] = acc[l] + x[d + l];
    for (long l = 0; l < n - d; l++) acc[l] = acc[l] + x[d + l];
    for (int w = 4; w >= 1; w /= 2) {
        for (int l = 0; l < 8; l++) next[l] = acc[l] + acc[l ^ w];
        memcpy(acc, next, sizeof acc);
    }
    return acc[0];
}

void tsh_log_softmax_backward_f32(const float *grad, const float *output, float *out, long rows, long n) {
    if (n <= 0) return;
    for (long r = 0; r < rows; r++) {
        const float *g = grad + r * n;
        float *o = out + r * n;
        const float sum = reduce_all8(g, n);
        tsh_exp_f32(output + r * n, o, n);
        for (long i = 0; i < n; i++) o[i] = __builtin_fmaf(-o[i], sum, g[i]);
    }
}
