// What this CPU can run, asked once (the answers cannot change while tsh runs).
#ifndef TSH_CPU_FEATURES_H
#define TSH_CPU_FEATURES_H
int tsh_cpu_has_avx2(void);
int tsh_cpu_has_avx2_fma(void);
int tsh_cpu_has_avx512(void);   // F, DQ and VL, with AVX2 and FMA
#endif
