#ifndef TSH_STACK_GUARD_H
#define TSH_STACK_GUARD_H

/// How much of this thread's stack is left, in bytes: deep recursion (calls, generators
/// resuming generators, nested data) stops with RecursionError while this is ample,
/// whatever the build's frame sizes. The thread's stack bounds are read once per thread.
long tsh_stack_remaining(void);

#endif
