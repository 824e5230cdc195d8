// Loops that need instructions Swift cannot ask for per function (FMA, AVX2), chosen at
// run time from the CPU's feature bits: the optimizer updates and the tiled transpose.
#ifndef TSH_VECTOR_H
#define TSH_VECTOR_H

#ifdef __cplusplus
extern "C" {
#endif

/// y[i] = fma(x[i], alpha, y[i]) for i < n: `y.add_(x, alpha=alpha)` rounded once, as
/// ATen's vectorized add kernel rounds it (vec::fmadd).
void tsh_axpy_f32(float *y, const float *x, float alpha, long n);
void tsh_axpy_f64(double *y, const double *x, double alpha, long n);

/// Rows r0..<r1 of out (rows x cols, row-major) from a column-major source:
/// out[r*cols + c] = src[c*rows + r], for 4- and 8-byte elements.
void tsh_transpose32(const void *src, void *out, long rows, long cols, long r0, long r1);
void tsh_transpose64(const void *src, void *out, long rows, long cols, long r0, long r1);

/// out[i] = x[i] <= t ? 0 : grad[i] (ReLU's backward, aten's threshold_backward).
void tsh_threshold_backward_f32(const float *grad, const float *x, float t, float *out, long n);
void tsh_threshold_backward_f64(const double *grad, const double *x, double t, double *out, long n);

/// Which loops are in use: "avx2+fma" or "portable".
const char *tsh_vector_isa(void);

#ifdef __cplusplus
}
#endif
#endif
