#define _GNU_SOURCE
#include <pthread.h>
#include "stack_guard.h"

static _Thread_local char *tsh_stack_low = 0;

long tsh_stack_remaining(void) {
    char here;
    if (!tsh_stack_low) {
        pthread_attr_t attr;
        void *addr = 0;
        size_t size = 0;
        if (pthread_getattr_np(pthread_self(), &attr) == 0) {
            pthread_attr_getstack(&attr, &addr, &size);
            pthread_attr_destroy(&attr);
        }
        // Unknown bounds: assume the 512 KiB of a small thread below this frame.
        tsh_stack_low = addr ? (char *)addr : &here - (512L << 10);
    }
    return (long)(&here - tsh_stack_low);
}
