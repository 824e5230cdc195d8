#include "tsh_vector.h"
#include "cpu_features.h"
#include <immintrin.h>
#include <stdint.h>

// out (rows x cols, row-major) from a column-major source: out[r*cols + c] = src[c*rows + r].
// Square tiles keep reads and writes within a few cache lines; in the AVX2 path each 8x8
// tile of 4-byte elements is transposed in registers (eight loads, eight stores).

static void transpose32_scalar(const uint32_t *src, uint32_t *out, long rows, long cols, long r0, long r1) {
    for (long rb = r0; rb < r1; rb += 16)
        for (long cb = 0; cb < cols; cb += 16) {
            long re = rb + 16 < r1 ? rb + 16 : r1, ce = cb + 16 < cols ? cb + 16 : cols;
            for (long c = cb; c < ce; c++)
                for (long r = rb; r < re; r++) out[r * cols + c] = src[c * rows + r];
        }
}

static void transpose64_scalar(const uint64_t *src, uint64_t *out, long rows, long cols, long r0, long r1) {
    for (long rb = r0; rb < r1; rb += 8)
        for (long cb = 0; cb < cols; cb += 8) {
            long re = rb + 8 < r1 ? rb + 8 : r1, ce = cb + 8 < cols ? cb + 8 : cols;
            for (long c = cb; c < ce; c++)
                for (long r = rb; r < re; r++) out[r * cols + c] = src[c * rows + r];
        }
}

__attribute__((target("avx2")))
static void tile8x8(const float *s, long ls, float *d, long ld) {
    // Rows of the source tile are the source's columns: s + k*ls, k < 8, each 8 floats.
    __m256 r0 = _mm256_loadu_ps(s), r1 = _mm256_loadu_ps(s + ls), r2 = _mm256_loadu_ps(s + 2 * ls),
           r3 = _mm256_loadu_ps(s + 3 * ls), r4 = _mm256_loadu_ps(s + 4 * ls), r5 = _mm256_loadu_ps(s + 5 * ls),
           r6 = _mm256_loadu_ps(s + 6 * ls), r7 = _mm256_loadu_ps(s + 7 * ls);
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1), t2 = _mm256_unpacklo_ps(r2, r3),
           t3 = _mm256_unpackhi_ps(r2, r3), t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5),
           t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE), u2 = _mm256_shuffle_ps(t1, t3, 0x44),
           u3 = _mm256_shuffle_ps(t1, t3, 0xEE), u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE),
           u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    _mm256_storeu_ps(d, _mm256_permute2f128_ps(u0, u4, 0x20));
    _mm256_storeu_ps(d + ld, _mm256_permute2f128_ps(u1, u5, 0x20));
    _mm256_storeu_ps(d + 2 * ld, _mm256_permute2f128_ps(u2, u6, 0x20));
    _mm256_storeu_ps(d + 3 * ld, _mm256_permute2f128_ps(u3, u7, 0x20));
    _mm256_storeu_ps(d + 4 * ld, _mm256_permute2f128_ps(u0, u4, 0x31));
    _mm256_storeu_ps(d + 5 * ld, _mm256_permute2f128_ps(u1, u5, 0x31));
    _mm256_storeu_ps(d + 6 * ld, _mm256_permute2f128_ps(u2, u6, 0x31));
    _mm256_storeu_ps(d + 7 * ld, _mm256_permute2f128_ps(u3, u7, 0x31));
}

__attribute__((target("avx2")))
static void transpose32_avx2(const uint32_t *src, uint32_t *out, long rows, long cols, long r0, long r1) {
    const float *s = (const float *)src;
    float *o = (float *)out;
    long rfull = r0 + (r1 - r0) / 8 * 8, cfull = cols / 8 * 8;
    for (long rb = r0; rb < rfull; rb += 32) {
        long re = rb + 32 < rfull ? rb + 32 : rfull;
        for (long cb = 0; cb < cfull; cb += 32) {
            long ce = cb + 32 < cfull ? cb + 32 : cfull;
            for (long r = rb; r < re; r += 8)
                for (long c = cb; c < ce; c += 8) tile8x8(s + c * rows + r, rows, o + r * cols + c, cols);
        }
        for (long c = cfull; c < cols; c++)
            for (long r = rb; r < re; r++) o[r * cols + c] = s[c * rows + r];
    }
    if (rfull < r1) transpose32_scalar(src, out, rows, cols, rfull, r1);
}

void tsh_transpose32(const void *src, void *out, long rows, long cols, long r0, long r1) {
    if (tsh_cpu_has_avx2()) transpose32_avx2(src, out, rows, cols, r0, r1);
    else transpose32_scalar(src, out, rows, cols, r0, r1);
}

void tsh_transpose64(const void *src, void *out, long rows, long cols, long r0, long r1) {
    transpose64_scalar(src, out, rows, cols, r0, r1);
}
