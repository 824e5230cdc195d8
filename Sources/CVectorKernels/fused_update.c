#include "tsh_vector.h"
#include "cpu_features.h"
#include <math.h>
#include <immintrin.h>

// The portable loops call fma, which is exact on every CPU (correctly rounded, so the
// results are the same bits as the vector loops'), only slower.
static void axpy_f32_portable(float *y, const float *x, float alpha, long n) {
    for (long i = 0; i < n; i++) y[i] = fmaf(x[i], alpha, y[i]);
}

static void axpy_f64_portable(double *y, const double *x, double alpha, long n) {
    for (long i = 0; i < n; i++) y[i] = fma(x[i], alpha, y[i]);
}

__attribute__((target("avx2,fma")))
static void axpy_f32_avx2(float *y, const float *x, float alpha, long n) {
    __m256 a = _mm256_set1_ps(alpha);
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 y0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), a, _mm256_loadu_ps(y + i));
        __m256 y1 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 8), a, _mm256_loadu_ps(y + i + 8));
        _mm256_storeu_ps(y + i, y0);
        _mm256_storeu_ps(y + i + 8, y1);
    }
    for (; i < n; i++) y[i] = fmaf(x[i], alpha, y[i]);
}

__attribute__((target("avx2,fma")))
static void axpy_f64_avx2(double *y, const double *x, double alpha, long n) {
    __m256d a = _mm256_set1_pd(alpha);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256d y0 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i), a, _mm256_loadu_pd(y + i));
        __m256d y1 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i + 4), a, _mm256_loadu_pd(y + i + 4));
        _mm256_storeu_pd(y + i, y0);
        _mm256_storeu_pd(y + i + 4, y1);
    }
    for (; i < n; i++) y[i] = fma(x[i], alpha, y[i]);
}

void tsh_axpy_f32(float *y, const float *x, float alpha, long n) {
    if (tsh_cpu_has_avx2_fma()) axpy_f32_avx2(y, x, alpha, n); else axpy_f32_portable(y, x, alpha, n);
}

void tsh_axpy_f64(double *y, const double *x, double alpha, long n) {
    if (tsh_cpu_has_avx2_fma()) axpy_f64_avx2(y, x, alpha, n); else axpy_f64_portable(y, x, alpha, n);
}

const char *tsh_vector_isa(void) { return tsh_cpu_has_avx2_fma() ? "avx2+fma" : "portable"; }
