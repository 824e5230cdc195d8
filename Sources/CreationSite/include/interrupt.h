#ifndef TSH_INTERRUPT_H
#define TSH_INTERRUPT_H

/// Requests for the running interpreter to act at its next statement, one bit each:
/// Ctrl-C (set by the SIGINT handler; long kernels check it between chunks too) and a
/// due cycle collection. The statement loop reads one word for both; bits are taken
/// with atomic operations, so a Ctrl-C arriving meanwhile is never lost.
extern volatile int tsh_interrupt_requested;

enum { TSH_REQUEST_INTERRUPT = 1, TSH_REQUEST_COLLECTION = 2 };

static inline int *tsh_interrupt_flag(void) { return (int *)&tsh_interrupt_requested; }
static inline int tsh_interrupt_pending(void) { return (tsh_interrupt_requested & TSH_REQUEST_INTERRUPT) != 0; }
static inline void tsh_interrupt_set(void) { __atomic_fetch_or(&tsh_interrupt_requested, TSH_REQUEST_INTERRUPT, __ATOMIC_SEQ_CST); }
static inline void tsh_interrupt_clear(void) { __atomic_fetch_and(&tsh_interrupt_requested, ~TSH_REQUEST_INTERRUPT, __ATOMIC_SEQ_CST); }
/// Takes a pending Ctrl-C: whether there was one.
static inline int tsh_interrupt_take(void) {
    return (__atomic_fetch_and(&tsh_interrupt_requested, ~TSH_REQUEST_INTERRUPT, __ATOMIC_SEQ_CST) & TSH_REQUEST_INTERRUPT) != 0;
}
static inline void tsh_collection_request(void) { __atomic_fetch_or(&tsh_interrupt_requested, TSH_REQUEST_COLLECTION, __ATOMIC_SEQ_CST); }
/// Takes a pending collection request: whether there was one.
static inline int tsh_collection_take(void) {
    return (__atomic_fetch_and(&tsh_interrupt_requested, ~TSH_REQUEST_COLLECTION, __ATOMIC_SEQ_CST) & TSH_REQUEST_COLLECTION) != 0;
}

/// The cycle collector's registry for this thread (an interpreter runs on one thread).
extern _Thread_local void *tsh_cycle_registry;
static inline void *tsh_get_cycle_registry(void) { return tsh_cycle_registry; }
static inline void tsh_set_cycle_registry(void *registry) { tsh_cycle_registry = registry; }

#endif
