#ifndef TSH_CREATION_SITE_H
#define TSH_CREATION_SITE_H

#include "live_counts.h"
#include "interrupt.h"
#include "stack_guard.h"
#include "grad_mode.h"

/// The creation site of graph nodes: an opaque number the interpreter sets for the
/// statement it is running and every node records as it is made (as PyTorch's anomaly
/// mode records a traceback), so the views can name the source line that made a node.
/// Thread-local, as grad mode is; one store per statement and one load per node.
/// 0 means "no site known".
extern _Thread_local long tsh_creation_site;

static inline void tsh_set_creation_site(long site) { tsh_creation_site = site; }
static inline long tsh_get_creation_site(void) { return tsh_creation_site; }

/// The nn module call running now (an id the language's bindings give each module call
/// site), recorded by each node so `:graph --depth N` can collapse module calls. 0: none.
extern _Thread_local long tsh_module_scope;

static inline void tsh_set_module_scope(long scope) { tsh_module_scope = scope; }
static inline long tsh_get_module_scope(void) { return tsh_module_scope; }

/// How many container deallocations are nested on this thread right now (the
/// interpreter's trashcan defers the rest, so freeing a deep structure never overflows
/// the stack).
extern _Thread_local long tsh_trash_depth;

static inline long tsh_get_trash_depth(void) { return tsh_trash_depth; }
static inline void tsh_set_trash_depth(long depth) { tsh_trash_depth = depth; }
/// The trashcan's pending list for this thread (a Swift object; values die on the
/// thread whose interpreter made them, so their cycle registry sees them go).
extern _Thread_local void *tsh_trash_pending;
static inline void *tsh_get_trash_pending(void) { return tsh_trash_pending; }
static inline void tsh_set_trash_pending(void *list) { tsh_trash_pending = list; }

#endif
