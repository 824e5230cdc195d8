/*
 * float32 exp, sigmoid and tanh over arrays in SLEEF's u10 algorithms (xexpf, expk2f,
 * xtanhf of src/libm/sleefsimdsp.c, with df.h's double-float helpers), which PyTorch's
 * vectorized CPU kernels call, re-expressed as scalar C that the compiler vectorizes.
 * SLEEF's AVX2 and AVX-512 builds define ENABLE_FMA_SP, hence:
 *   - vmla / vfma (x*y + z) is one fused multiply-add, FMA(x, y, z); vfmapn (x*y - z) is
 *     FMA(x, y, -z); vfmanp (-(x*y) + z) is FMA(-x, y, z);
 *   - the double-float helpers take df.h's ENABLE_FMA_SP branch (exact product errors
 *     from FMA);
 *   - every other operation is a plain, separately rounded float operation.
 * Both SLEEF builds run the same sequence, so one formulation serves either.
 *
 * How close this is to PyTorch 2.15 (x86-64 wheel), checked against it:
 *   - sigmoid (0 - x, SLEEF exp, + 1, a division): the same bits for every contiguous
 *     input tried (56.9 million, every 97th bit pattern among them);
 *   - exp and tanh: the same bits as SLEEF's own AVX2 and AVX-512 functions on all 2^32
 *     inputs, but a wheel built with MKL sends torch.exp and torch.tanh to MKL's VML
 *     instead (vmsExp / vmsTanh), whose results are not reproducible; they differ from
 *     these in the last bit for about 1.4% of exp and 0.9% of tanh results (the libm
 *     functions tsh used before differed for 24% and 4.4%). Builds without MKL (aarch64,
 *     macOS) use SLEEF.
 *
 * Exactness needs no fast-math, no flush-to-zero, and no contraction (the pragma below).
 * The element functions are branch-free and forced inline; each loop is emitted portable
 * (FMA is libm's fmaf there: exact, slow) and for AVX2+FMA, chosen at run time.
 */

#include "tsh_vector.h"
#include "cpu_features.h"
#include <stdint.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

/* ---- fused multiply-add -------------------------------------------------- */
#if defined(__clang__) && defined(__has_builtin)
#if __has_builtin(__builtin_elementwise_fma)
/* Always the llvm.fma intrinsic (vfmadd* under target "fma", an fmaf call
 * otherwise), regardless of -fmath-errno, so the AVX2 loops vectorize. */
#define TSH_FMA(a, b, c) __builtin_elementwise_fma((a), (b), (c))
#endif
#endif
#ifndef TSH_FMA
#include <math.h>
#define TSH_FMA(a, b, c) fmaf((a), (b), (c))
#endif

#define TSH_INLINE static inline __attribute__((always_inline))

/* ---- constants (SLEEF misc.h) --------------------------------------------- */
#define TSH_R_LN2f 1.442695040888963407359924681001892137426645954152985934135449406931f
#define TSH_L2Uf   0.693145751953125f
#define TSH_L2Lf   1.428606765330187045e-06f

/* ---- bit helpers ----------------------------------------------------------- */
TSH_INLINE uint32_t tsh_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
TSH_INLINE float tsh_float(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

/* vrint_vi2_vf (cvtps2dq, round to nearest even), valid for |t| < 2^22:
 * adding 1.5*2^23 leaves round(t) in the low mantissa bits.  *qf receives
 * vcast_vf_vi2(q), which is exact.  For non-finite or huge t, q is
 * meaningless, but callers override those results (or they are NaN anyway);
 * all integer arithmetic is unsigned, so nothing is undefined. */
TSH_INLINE uint32_t tsh_rint(float t, float *qf) {
  const float magic = 12582912.0f; /* 1.5 * 2^23 */
  float r = t + magic;
  *qf = r - magic;
  return tsh_bits(r) - tsh_bits(magic);
}

/* vpow2i_vf_vi2: 2^q from the exponent field */
TSH_INLINE float tsh_pow2i(uint32_t q) { return tsh_float((q + 0x7fu) << 23); }

/* vldexp2_vf_vf_vi2: d * 2^(q>>1) * 2^(q-(q>>1)), two plain multiplies
 * (arithmetic shift of the signed q); the second one rounds subnormals
 * exactly as SLEEF does. */
TSH_INLINE float tsh_ldexp2(float d, uint32_t q) {
  uint32_t h = (uint32_t)((int32_t)q >> 1);
  return (d * tsh_pow2i(h)) * tsh_pow2i(q - h);
}

/* ======================= SLEEF xexpf (Sleef_expf*_u10) ===================== */
TSH_INLINE float tsh_expf(float d) {
  float qf;
  uint32_t q = tsh_rint(d * TSH_R_LN2f, &qf);

  /* s = d - q*ln2 (Cody-Waite, two vmla = FMA) */
  float s = TSH_FMA(qf, -TSH_L2Uf, d);
  s = TSH_FMA(qf, -TSH_L2Lf, s);

  /* Horner polynomial, vmla = FMA.  SLEEF writes these as double literals
   * that are then converted to float; same here. */
  float u = (float)0.000198527617612853646278381;
  u = TSH_FMA(u, s, (float)0.00139304355252534151077271);
  u = TSH_FMA(u, s, (float)0.00833336077630519866943359);
  u = TSH_FMA(u, s, (float)0.0416664853692054748535156);
  u = TSH_FMA(u, s, (float)0.166666671633720397949219);
  u = TSH_FMA(u, s, (float)0.5);

  /* u = 1 + (s*s*u + s): vmul plain, vmla FMA, vadd plain */
  float s2 = s * s;
  u = 1.0f + TSH_FMA(s2, u, s);
  u = tsh_ldexp2(u, q);

  /* d < -104 -> +0 (vandnot), 100 < d -> +inf; NaN propagates untouched */
  u = tsh_float((d < -104.0f) ? 0u : tsh_bits(u));
  u = (100.0f < d) ? __builtin_inff() : u;
  return u;
}

/* ============ df.h double-float helpers (ENABLE_FMA_SP branch) ============= */
typedef struct { float x, y; } tsh_df; /* unevaluated sum x + y */

/* dfadd2_vf2_vf2_vf: two-sum of the heads, then add x's tail */
TSH_INLINE tsh_df tsh_dfadd2_df_f(tsh_df x, float y) {
  tsh_df r;
  r.x = x.x + y;
  float v = r.x - x.x;
  float t = (x.x - (r.x - v)) + (y - v);
  r.y = t + x.y;
  return r;
}

/* dfadd2_vf2_vf2_vf2 */
TSH_INLINE tsh_df tsh_dfadd2_df_df(tsh_df x, tsh_df y) {
  tsh_df r;
  r.x = x.x + y.x;
  float v = r.x - x.x;
  float t = (x.x - (r.x - v)) + (y.x - v);
  r.y = t + (x.y + y.y);
  return r;
}

/* dfadd_vf2_vf_vf2 (requires |x| >= |y|): fast two-sum */
TSH_INLINE tsh_df tsh_dfadd_f_df(float x, tsh_df y) {
  tsh_df r;
  r.x = x + y.x;
  r.y = ((x - r.x) + y.x) + y.y;
  return r;
}

/* dfadd_vf2_vf2_vf2 (requires |x| >= |y|) */
TSH_INLINE tsh_df tsh_dfadd_df_df(tsh_df x, tsh_df y) {
  tsh_df r;
  r.x = x.x + y.x;
  r.y = (((x.x - r.x) + y.x) + x.y) + y.y;
  return r;
}

/* dfmul_vf2_vf2_vf: r.y = fma(x.y, y, fmapn(x.x, y, r.x)) */
TSH_INLINE tsh_df tsh_dfmul_df_f(tsh_df x, float y) {
  tsh_df r;
  r.x = x.x * y;
  r.y = TSH_FMA(x.y, y, TSH_FMA(x.x, y, -r.x));
  return r;
}

/* dfmul_vf2_vf2_vf2: r.y = fma(x.x, y.y, fma(x.y, y.x, fmapn(x.x, y.x, r.x))) */
TSH_INLINE tsh_df tsh_dfmul_df_df(tsh_df x, tsh_df y) {
  tsh_df r;
  r.x = x.x * y.x;
  r.y = TSH_FMA(x.x, y.y, TSH_FMA(x.y, y.x, TSH_FMA(x.x, y.x, -r.x)));
  return r;
}

/* dfsqu_vf2_vf2: r.y = fma(x.x + x.x, x.y, fmapn(x.x, x.x, r.x)) */
TSH_INLINE tsh_df tsh_dfsqu(tsh_df x) {
  tsh_df r;
  r.x = x.x * x.x;
  r.y = TSH_FMA(x.x + x.x, x.y, TSH_FMA(x.x, x.x, -r.x));
  return r;
}

/* dfrec_vf2_vf2: s = 1/d.x (vrec is a true division);
 * r.y = s * fmanp(d.y, s, fmanp(d.x, s, 1)) */
TSH_INLINE tsh_df tsh_dfrec(tsh_df d) {
  tsh_df r;
  r.x = 1.0f / d.x;
  r.y = r.x * TSH_FMA(-d.y, r.x, TSH_FMA(-d.x, r.x, 1.0f));
  return r;
}

/* dfdiv_vf2_vf2_vf2:
 *   t = 1/d.x, s = n.x*t, u = fmapn(t, n.x, s),
 *   v = fmanp(d.y, t, fmanp(d.x, t, 1)),  r = (s, fma(s, v, fma(n.y, t, u))) */
TSH_INLINE tsh_df tsh_dfdiv(tsh_df n, tsh_df d) {
  tsh_df r;
  float t = 1.0f / d.x;
  float s = n.x * t;
  float u = TSH_FMA(t, n.x, -s);
  float v = TSH_FMA(-d.y, t, TSH_FMA(-d.x, t, 1.0f));
  r.x = s;
  r.y = TSH_FMA(s, v, TSH_FMA(n.y, t, u));
  return r;
}

/* ================= SLEEF expk2f: exp of a double-float ===================== */
/* xtanhf only calls it with a zero tail, so the input is a plain float. */
TSH_INLINE tsh_df tsh_expk2f(float dx) {
  tsh_df d = { dx, 0.0f };
  float qf;
  uint32_t q = tsh_rint((d.x + d.y) * TSH_R_LN2f, &qf);

  /* s = d - q*ln2 in double-float; the q*L2 products are plain vmul */
  tsh_df s = tsh_dfadd2_df_f(d, qf * -TSH_L2Uf);
  s = tsh_dfadd2_df_f(s, qf * -TSH_L2Lf);

  float u = +0.1980960224e-3f;               /* vmla = FMA on s.x */
  u = TSH_FMA(u, s.x, +0.1394256484e-2f);
  u = TSH_FMA(u, s.x, +0.8333456703e-2f);
  u = TSH_FMA(u, s.x, +0.4166637361e-1f);

  tsh_df t = tsh_dfadd2_df_f(tsh_dfmul_df_f(s, u), +0.166666659414234244790680580464e+0f);
  t = tsh_dfadd2_df_f(tsh_dfmul_df_df(s, t), 0.5f);
  t = tsh_dfadd2_df_df(s, tsh_dfmul_df_df(tsh_dfsqu(s), t));
  t = tsh_dfadd_f_df(1.0f, t);

  t.x = tsh_ldexp2(t.x, q);
  t.y = tsh_ldexp2(t.y, q);

  /* d.x < -104 -> (+0, +0) (vandnot) */
  uint32_t keep = (d.x < -104.0f) ? 0u : 0xffffffffu;
  t.x = tsh_float(tsh_bits(t.x) & keep);
  t.y = tsh_float(tsh_bits(t.y) & keep);
  return t;
}

/* ====================== SLEEF xtanhf (Sleef_tanhf*_u10) ==================== */
/* tanh|x| = (e - 1/e) / (e + 1/e), e = exp|x|, all in double-float. */
TSH_INLINE float tsh_tanhf(float x) {
  uint32_t xb = tsh_bits(x);
  float ax = tsh_float(xb & 0x7fffffffu);

  tsh_df d = tsh_expk2f(ax);
  tsh_df e = tsh_dfrec(d);
  tsh_df ne = { -e.x, -e.y };                 /* dfneg */
  d = tsh_dfdiv(tsh_dfadd_df_df(d, ne), tsh_dfadd_df_df(d, e));
  float y = d.x + d.y;

  y = (ax > 8.664339742f || y != y) ? 1.0f : y; /* saturate */
  uint32_t yb = tsh_bits(y) ^ (xb & 0x80000000u); /* vmulsign (y >= 0) */
  yb = (x != x) ? 0xffffffffu : yb;               /* NaN in -> NaN out */
  return tsh_float(yb);
}

/* =============== torch sigmoid, vectorized float path ====================== */
TSH_INLINE float tsh_sigmoidf(float x) {
  float a = 0.0f - x;
  a = tsh_expf(a);
  a = a + 1.0f;
  return 1.0f / a;
}

/* ============================== loops ====================================== */
#define TSH_DEFINE_LOOPS(SFX)                                                  \
  static void tsh_exp_loop_##SFX(const float *restrict x,                      \
                                 float *restrict out, long n) {                \
    for (long i = 0; i < n; i++) out[i] = tsh_expf(x[i]);                      \
  }                                                                            \
  static void tsh_sigmoid_loop_##SFX(const float *restrict x,                  \
                                     float *restrict out, long n) {            \
    for (long i = 0; i < n; i++) out[i] = tsh_sigmoidf(x[i]);                  \
  }                                                                            \
  static void tsh_tanh_loop_##SFX(const float *restrict x,                     \
                                  float *restrict out, long n) {               \
    for (long i = 0; i < n; i++) out[i] = tsh_tanhf(x[i]);                     \
  }

/* Portable copy. */
TSH_DEFINE_LOOPS(generic)

#if defined(__x86_64__) && defined(__clang__)
#define TSH_HAVE_AVX2 1
/* AVX2+FMA copy: the always-inline element functions are inlined here, the
 * FMA intrinsic becomes vfmadd*, and the loops vectorize 8-wide. */
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
TSH_DEFINE_LOOPS(avx2)
#pragma clang attribute pop
/* AVX-512 copy: the same operations 16 wide (PyTorch's AVX-512 kernels call SLEEF's
 * 16-lane build, which gives the same bits). */
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma"), min_vector_width(512))), apply_to = function)
TSH_DEFINE_LOOPS(avx512)
#pragma clang attribute pop

#define TSH_DISPATCH(op, x, out, n)                                            \
  (tsh_cpu_has_avx512() ? tsh_##op##_loop_avx512(x, out, n) :                          \
   tsh_cpu_has_avx2_fma() ? tsh_##op##_loop_avx2(x, out, n)                             \
                  : tsh_##op##_loop_generic(x, out, n))
#else
#define TSH_DISPATCH(op, x, out, n) tsh_##op##_loop_generic(x, out, n)
#endif

/* ========================= public entry points ============================= */
void tsh_exp_f32(const float *x, float *out, long n) { TSH_DISPATCH(exp, x, out, n); }
void tsh_sigmoid_f32(const float *x, float *out, long n) { TSH_DISPATCH(sigmoid, x, out, n); }
void tsh_tanh_f32(const float *x, float *out, long n) { TSH_DISPATCH(tanh, x, out, n); }
