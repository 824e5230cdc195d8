#include "creation_site.h"

_Thread_local long tsh_creation_site = 0;
_Thread_local long tsh_module_scope = 0;
_Thread_local long tsh_trash_depth = 0;
_Thread_local void *tsh_trash_pending = 0;
_Thread_local unsigned char tsh_grad_disabled = 0;
_Thread_local unsigned long long tsh_next_sequence_nr = 0;
_Thread_local unsigned long long tsh_next_serial = 0;

#include "live_counts.h"

long tsh_live_counts[TSH_LIVE_KIND_COUNT];

volatile int tsh_interrupt_requested = 0;
_Thread_local void *tsh_cycle_registry = 0;
