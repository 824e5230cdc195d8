// Row-major sgemm/dgemm for tsh, backed by OpenBLAS loaded at first use.
//
// Why a loader and not a plain link against libopenblas: Debian's OpenBLAS 0.3.21
// picks its kernels in a library constructor, before main() runs, and misdetects
// newer CPUs (AVX-512 parts fall back to the SSE3 "Prescott" kernels, ~10x slower).
// It honours OPENBLAS_CORETYPE, but only if the variable is set when the library
// loads. So tsh loads the library itself, after choosing the core type from the
// CPU's feature bits (unless the user already set one).
#ifndef TSH_BLAS_H
#define TSH_BLAS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Computes C = alpha * op(A) * op(B) + beta * C in row-major order, where op(X) is X
/// or its transpose. Uses OpenBLAS when it could be loaded, else a portable loop.
void tsh_sgemm(int transA, int transB, int m, int n, int k, float alpha,
               const float *a, int lda, const float *b, int ldb,
               float beta, float *c, int ldc);
void tsh_dgemm(int transA, int transB, int m, int n, int k, double alpha,
               const double *a, int lda, const double *b, int ldb,
               double beta, double *c, int ldc);

/// OpenBLAS's name for the kernels in use ("SkylakeX", "Haswell", ...), or
/// "portable" when OpenBLAS could not be loaded. Loads the library if needed.
const char *tsh_blas_corename(void);

/// How many threads OpenBLAS may use (torch.set_num_threads), now or once it loads.
void tsh_blas_set_threads(int threads);

/// The core type tsh asked for through OPENBLAS_CORETYPE, or "" if it set none.
const char *tsh_blas_requested_coretype(void);

#ifdef __cplusplus
}
#endif
#endif
