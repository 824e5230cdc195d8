#define _GNU_SOURCE
#include "tsh_blas.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>

// The CBLAS ABI of Debian's libopenblas0 (32-bit blasint, int-sized enums).
enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };
typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int,
                         const float *, int, float, float *, int);
typedef void (*dgemm_fn)(int, int, int, int, int, int, double, const double *, int,
                         const double *, int, double, double *, int);
typedef char *(*corename_fn)(void);
typedef void (*set_threads_fn)(int);

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static sgemm_fn blas_sgemm;
static dgemm_fn blas_dgemm;
static corename_fn blas_corename;
static set_threads_fn blas_set_threads;
static int wanted_threads;             // from torch.set_num_threads before the library loaded
static const char *requested_core = "";

/// The best OpenBLAS 0.3.21 kernel family this CPU can run, or NULL to let OpenBLAS decide.
static const char *core_for_this_cpu(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return "Haswell";
#endif
    return NULL;
}

static void load_openblas(void) {
    if (getenv("OPENBLAS_CORETYPE") == NULL) {
        const char *core = core_for_this_cpu();
        if (core != NULL) {
            setenv("OPENBLAS_CORETYPE", core, 0);
            requested_core = core;
        }
    }
    static const char *names[] = {"libopenblas.so.0", "libopenblas.so", "libopenblas.dylib"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        void *lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (lib == NULL) continue;
        blas_sgemm = (sgemm_fn)dlsym(lib, "cblas_sgemm");
        blas_dgemm = (dgemm_fn)dlsym(lib, "cblas_dgemm");
        blas_corename = (corename_fn)dlsym(lib, "openblas_get_corename");
        blas_set_threads = (set_threads_fn)dlsym(lib, "openblas_set_num_threads");
        if (blas_sgemm != NULL && blas_dgemm != NULL) {
            if (wanted_threads > 0 && blas_set_threads != NULL) blas_set_threads(wanted_threads);
            return;
        }
        blas_sgemm = NULL;
        blas_dgemm = NULL;
    }
}

#define PORTABLE_GEMM(NAME, T)                                                          \
    static void NAME(int ta, int tb, int m, int n, int k, T alpha, const T *a, int lda, \
                     const T *b, int ldb, T beta, T *c, int ldc) {                      \
        for (int i = 0; i < m; i++) {                                                   \
            T *row = c + (long)i * ldc;                                                 \
            for (int j = 0; j < n; j++) row[j] = beta == 0 ? 0 : row[j] * beta;         \
            for (int p = 0; p < k; p++) {                                               \
                T av = alpha * (ta ? a[(long)p * lda + i] : a[(long)i * lda + p]);      \
                if (tb) {                                                               \
                    for (int j = 0; j < n; j++) row[j] += av * b[(long)j * ldb + p];    \
                } else {                                                                \
                    const T *brow = b + (long)p * ldb;                                  \
                    for (int j = 0; j < n; j++) row[j] += av * brow[j];                 \
                }                                                                       \
            }                                                                           \
        }                                                                               \
    }
PORTABLE_GEMM(portable_sgemm, float)
PORTABLE_GEMM(portable_dgemm, double)

void tsh_sgemm(int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda,
               const float *b, int ldb, float beta, float *c, int ldc) {
    pthread_once(&load_once, load_openblas);
    if (blas_sgemm != NULL)
        blas_sgemm(ROW_MAJOR, ta ? TRANS : NO_TRANS, tb ? TRANS : NO_TRANS, m, n, k, alpha,
                   a, lda, b, ldb, beta, c, ldc);
    else
        portable_sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void tsh_dgemm(int ta, int tb, int m, int n, int k, double alpha, const double *a, int lda,
               const double *b, int ldb, double beta, double *c, int ldc) {
    pthread_once(&load_once, load_openblas);
    if (blas_dgemm != NULL)
        blas_dgemm(ROW_MAJOR, ta ? TRANS : NO_TRANS, tb ? TRANS : NO_TRANS, m, n, k, alpha,
                   a, lda, b, ldb, beta, c, ldc);
    else
        portable_dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

const char *tsh_blas_corename(void) {
    pthread_once(&load_once, load_openblas);
    if (blas_sgemm == NULL) return "portable";
    return blas_corename != NULL ? blas_corename() : "unknown";
}

void tsh_blas_set_threads(int threads) {
    wanted_threads = threads;
    if (blas_set_threads != NULL) blas_set_threads(threads);
}

const char *tsh_blas_requested_coretype(void) {
    pthread_once(&load_once, load_openblas);
    return requested_core;
}
