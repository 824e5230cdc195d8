#include "tsh_vector.h"
#include "cpu_features.h"

// ReLU's backward: out[i] = x[i] <= t ? 0 : grad[i]. Written so the compiler turns the
// choice into a compare and a mask (no branch: the signs of activations are random, and a
// branch mispredicts half the time).

__attribute__((target("avx2")))
static void threshold_f32_avx2(const float *grad, const float *x, float t, float *out, long n) {
    for (long i = 0; i < n; i++) out[i] = x[i] <= t ? 0.0f : grad[i];
}

static void threshold_f32_portable(const float *grad, const float *x, float t, float *out, long n) {
    for (long i = 0; i < n; i++) out[i] = x[i] <= t ? 0.0f : grad[i];
}

__attribute__((target("avx2")))
static void threshold_f64_avx2(const double *grad, const double *x, double t, double *out, long n) {
    for (long i = 0; i < n; i++) out[i] = x[i] <= t ? 0.0 : grad[i];
}

static void threshold_f64_portable(const double *grad, const double *x, double t, double *out, long n) {
    for (long i = 0; i < n; i++) out[i] = x[i] <= t ? 0.0 : grad[i];
}

void tsh_threshold_backward_f32(const float *grad, const float *x, float t, float *out, long n) {
    if (tsh_cpu_has_avx2()) threshold_f32_avx2(grad, x, t, out, n); else threshold_f32_portable(grad, x, t, out, n);
}

void tsh_threshold_backward_f64(const double *grad, const double *x, double t, double *out, long n) {
    if (tsh_cpu_has_avx2()) threshold_f64_avx2(grad, x, t, out, n); else threshold_f64_portable(grad, x, t, out, n);
}
