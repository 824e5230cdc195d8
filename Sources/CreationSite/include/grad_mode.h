#ifndef TSH_GRAD_MODE_H
#define TSH_GRAD_MODE_H

/// The hot part of Autograd's per-thread grad mode: read by every op and written by every
/// node made, so kept in C thread-locals (one TLS load) rather than a Swift object behind
/// pthread_getspecific (a call, a retain and a release per read). Zero-initialised: a new
/// thread starts with grad mode on and its node numbering at 0, as GradMode's state did.
extern _Thread_local unsigned char tsh_grad_disabled;
extern _Thread_local unsigned long long tsh_next_sequence_nr;
extern _Thread_local unsigned long long tsh_next_serial;

static inline int tsh_grad_enabled(void) { return !tsh_grad_disabled; }
static inline void tsh_set_grad_enabled(int enabled) { tsh_grad_disabled = !enabled; }
static inline unsigned long long tsh_take_sequence_nr(void) { return tsh_next_sequence_nr++; }
static inline unsigned long long tsh_take_serial(void) { return ++tsh_next_serial; }
static inline unsigned long long tsh_peek_serial(void) { return tsh_next_serial; }

#endif
