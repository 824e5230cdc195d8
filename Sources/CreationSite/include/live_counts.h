#ifndef TSH_LIVE_COUNTS_H
#define TSH_LIVE_COUNTS_H

/// How many of each kind of long-lived object exist now, so a test can show that a
/// training loop or a million calls leave the counts flat (nothing leaks). Relaxed
/// atomics: a counter costs one uncontended add at creation and one at release.
enum tsh_live_kind {
    TSH_LIVE_STORAGES = 0,  // tensor storages (TensorCore.Storage)
    TSH_LIVE_STORAGE_BYTES, // their bytes
    TSH_LIVE_NODES,         // autograd graph nodes (Autograd.Node)
    TSH_LIVE_FRAMES,        // interpreter scopes: function, comprehension and class frames
    TSH_LIVE_CELLS,         // captured variables (Interpreter.Cell)
    TSH_LIVE_KIND_COUNT
};

extern long tsh_live_counts[TSH_LIVE_KIND_COUNT];

static inline void tsh_live_add(int kind, long delta) {
    __atomic_fetch_add(&tsh_live_counts[kind], delta, __ATOMIC_RELAXED);
}
static inline long tsh_live_count(int kind) {
    return __atomic_load_n(&tsh_live_counts[kind], __ATOMIC_RELAXED);
}

#endif
