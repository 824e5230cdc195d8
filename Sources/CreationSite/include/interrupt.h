#ifndef TSH_INTERRUPT_H
#define TSH_INTERRUPT_H

/// Set by the SIGINT handler (Ctrl-C), read by the interpreter at each statement and by
/// long kernels between chunks (a big matrix product stops part way). One aligned word:
/// async-signal-safe to write.
extern volatile int tsh_interrupt_requested;

static inline int *tsh_interrupt_flag(void) { return (int *)&tsh_interrupt_requested; }
static inline int tsh_interrupt_pending(void) { return tsh_interrupt_requested != 0; }
static inline void tsh_interrupt_clear(void) { tsh_interrupt_requested = 0; }

#endif
