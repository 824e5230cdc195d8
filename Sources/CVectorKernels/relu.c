#include "tsh_vector.h"
#include "cpu_features.h"

// ReLU's forward, clamp_min(x, 0) as ATen's: out[i] = x[i] < 0 ? 0 : x[i] (NaN and -0.0 pass
// through: PyTorch's relu(-0.0) is -0.0), a compare
// and a mask per vector, as wide as the CPU allows.

#define RELU_LOOP(NAME, T, ATTRIBUTES)                                              \
    ATTRIBUTES static void NAME(const T *restrict x, T *restrict out, long n) {     \
        for (long i = 0; i < n; i++) out[i] = x[i] < 0 ? (T)0 : x[i];              \
    }

RELU_LOOP(relu_f32_avx512, float, __attribute__((target("avx512f,avx2"), min_vector_width(512))))
RELU_LOOP(relu_f32_avx2, float, __attribute__((target("avx2"))))
RELU_LOOP(relu_f32_portable, float, )
RELU_LOOP(relu_f64_avx512, double, __attribute__((target("avx512f,avx2"), min_vector_width(512))))
RELU_LOOP(relu_f64_avx2, double, __attribute__((target("avx2"))))
RELU_LOOP(relu_f64_portable, double, )

void tsh_relu_f32(const float *x, float *out, long n) {
    if (tsh_cpu_has_avx512()) relu_f32_avx512(x, out, n);
    else if (tsh_cpu_has_avx2()) relu_f32_avx2(x, out, n);
    else relu_f32_portable(x, out, n);
}

void tsh_relu_f64(const double *x, double *out, long n) {
    if (tsh_cpu_has_avx512()) relu_f64_avx512(x, out, n);
    else if (tsh_cpu_has_avx2()) relu_f64_avx2(x, out, n);
    else relu_f64_portable(x, out, n);
}
