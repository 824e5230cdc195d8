// Element-wise loops that need instructions Swift cannot ask for per function (FMA, AVX2),
// chosen at run time from the CPU's feature bits: the optimizer updates.
#ifndef TSH_VECTOR_H
#define TSH_VECTOR_H

#ifdef __cplusplus
extern "C" {
#endif

/// y[i] = fma(x[i], alpha, y[i]) for i < n: `y.add_(x, alpha=alpha)` rounded once, as
/// ATen's vectorized add kernel rounds it (vec::fmadd).
void tsh_axpy_f32(float *y, const float *x, float alpha, long n);
void tsh_axpy_f64(double *y, const double *x, double alpha, long n);

/// Which loops are in use: "avx2+fma" or "portable".
const char *tsh_vector_isa(void);

#ifdef __cplusplus
}
#endif
#endif
