#include "tsh_vector.h"
#include "cpu_features.h"
#include <math.h>

// The optimizers' steps, one pass over a parameter's flat buffers. The loops are written
// once (optimizer_step_loops.h) and compiled four times: float and double, each portable
// and for AVX2+FMA, where the compiler vectorizes them. fma is correctly rounded on every
// CPU, so both builds give the same bits; the portable one is only slower.

#define T float
#define FMA fmaf
#define SQRT sqrtf
#define KERNEL(name) name##_f32_portable
#include "optimizer_step_loops.h"
#undef KERNEL
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define KERNEL(name) name##_f32_avx2
#include "optimizer_step_loops.h"
#undef KERNEL
#pragma clang attribute pop
#undef T
#undef FMA
#undef SQRT

#define T double
#define FMA fma
#define SQRT sqrt
#define KERNEL(name) name##_f64_portable
#include "optimizer_step_loops.h"
#undef KERNEL
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define KERNEL(name) name##_f64_avx2
#include "optimizer_step_loops.h"
#undef KERNEL
#pragma clang attribute pop

#define CHOOSE(name, ...) (tsh_cpu_has_avx2_fma() ? name##_avx2(__VA_ARGS__) : name##_portable(__VA_ARGS__))

void tsh_sgd_step_f32(float *param, const float *grad, float *buf, const tsh_sgd_step *s, long n) {
    CHOOSE(sgd_f32, param, grad, buf, s, n);
}
void tsh_sgd_step_f64(double *param, const double *grad, double *buf, const tsh_sgd_step *s, long n) {
    CHOOSE(sgd_f64, param, grad, buf, s, n);
}
void tsh_adam_step_f32(float *param, const float *grad, float *m, float *v, float *vmax, const tsh_adam_step *s, long n) {
    CHOOSE(adam_f32, param, grad, m, v, vmax, s, n);
}
void tsh_adam_step_f64(double *param, const double *grad, double *m, double *v, double *vmax, const tsh_adam_step *s, long n) {
    CHOOSE(adam_f64, param, grad, m, v, vmax, s, n);
}
void tsh_rmsprop_step_f32(float *param, const float *grad, float *sq, float *ga, float *buf, const tsh_rmsprop_step *s, long n) {
    CHOOSE(rmsprop_f32, param, grad, sq, ga, buf, s, n);
}
void tsh_rmsprop_step_f64(double *param, const double *grad, double *sq, double *ga, double *buf, const tsh_rmsprop_step *s, long n) {
    CHOOSE(rmsprop_f64, param, grad, sq, ga, buf, s, n);
}
