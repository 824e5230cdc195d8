#include "tsh_vector.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

// Workers for element-wise loops and reductions, kept spinning for a moment after each run
// so the next one starts without a wake-up (as OpenMP's threads, which PyTorch runs on, do):
// waking a sleeping thread costs tens of microseconds, as long as a whole 1M-element add.
// After the spin they sleep on a condition variable and cost nothing. While spinning they
// yield the core to any other runnable thread (OpenBLAS's workers, mid-gemm, on a machine
// with as many cores as threads), so waiting never delays a matrix product.
//
// One word holds the run's generation (high 32 bits) and the next task index (low 32):
// a task is claimed by a compare-and-swap on it, so a worker still holding an old run's word
// can never claim a task of the next run.

#define SPIN_NANOSECONDS 60000L
#define MAX_WORKERS 63

static struct {
    pthread_mutex_t busy;            // one run at a time; others run their tasks serially
    pthread_mutex_t sleep_lock;
    pthread_cond_t wake;
    _Atomic uint64_t word;           // generation << 32 | next task
    _Atomic long finished;           // tasks of this run done
    _Atomic long count;
    _Atomic(tsh_task) task;
    _Atomic(void *) context;
    _Atomic int sleeping;
    int workers;                     // threads started (the caller is one more)
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};

static _Thread_local int in_pool_task;

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

// Claims and runs tasks of generation `gen` until none are left.
static void run_tasks(uint32_t gen) {
    uint64_t w = atomic_load(&pool.word);
    for (;;) {
        if ((uint32_t)(w >> 32) != gen) return;
        long index = (long)(w & 0xffffffffu);
        if (index >= atomic_load(&pool.count)) return;
        if (!atomic_compare_exchange_weak(&pool.word, &w, w + 1)) continue;
        tsh_task task = atomic_load(&pool.task);
        in_pool_task = 1;
        task(atomic_load(&pool.context), index);
        in_pool_task = 0;
        atomic_fetch_add(&pool.finished, 1);
        w = atomic_load(&pool.word);
    }
}

static void *worker_main(void *unused) {
    (void)unused;
    uint32_t seen = (uint32_t)(atomic_load(&pool.word) >> 32);
    for (;;) {
        // Spin a while for the next run, then sleep until one comes.
        long deadline = now_ns() + SPIN_NANOSECONDS;
        uint32_t gen = seen;
        for (int i = 0; (gen = (uint32_t)(atomic_load(&pool.word) >> 32)) == seen; i++) {
            if ((i & 7) == 7) sched_yield(); else cpu_relax();
            if ((i & 63) == 63 && now_ns() > deadline) break;
        }
        if (gen == seen) {
            pthread_mutex_lock(&pool.sleep_lock);
            atomic_fetch_add(&pool.sleeping, 1);
            while ((gen = (uint32_t)(atomic_load(&pool.word) >> 32)) == seen) pthread_cond_wait(&pool.wake, &pool.sleep_lock);
            atomic_fetch_sub(&pool.sleeping, 1);
            pthread_mutex_unlock(&pool.sleep_lock);
        }
        seen = gen;
        run_tasks(gen);
    }
    return NULL;
}

static void start_workers(int wanted) {
    if (wanted > MAX_WORKERS) wanted = MAX_WORKERS;
    while (pool.workers < wanted) {
        pthread_t thread;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        int failed = pthread_create(&thread, &attr, worker_main, NULL);
        pthread_attr_destroy(&attr);
        if (failed) break;
        pool.workers++;
    }
}

void tsh_parallel_run(long count, int threads, tsh_task task, void *context) {
    if (count <= 0) return;
    // The index field is 32 bits: a larger count (no caller comes near) runs serially.
    if (count == 1 || count > (long)UINT32_MAX || threads <= 1 || in_pool_task || pthread_mutex_trylock(&pool.busy) != 0) {
        for (long i = 0; i < count; i++) task(context, i);
        return;
    }
    start_workers(threads - 1);
    if (pool.workers == 0) {
        pthread_mutex_unlock(&pool.busy);
        for (long i = 0; i < count; i++) task(context, i);
        return;
    }
    uint32_t gen = (uint32_t)(atomic_load(&pool.word) >> 32) + 1;
    atomic_store(&pool.task, task);
    atomic_store(&pool.context, context);
    atomic_store(&pool.count, count);
    atomic_store(&pool.finished, 0);
    atomic_store(&pool.word, (uint64_t)gen << 32);
    if (atomic_load(&pool.sleeping) > 0) {
        pthread_mutex_lock(&pool.sleep_lock);
        pthread_cond_broadcast(&pool.wake);
        pthread_mutex_unlock(&pool.sleep_lock);
    }
    run_tasks(gen);
    // Wait for the workers' last tasks, letting a thread that shares this core run.
    for (int i = 0; atomic_load(&pool.finished) < count; i++) {
        if ((i & 63) == 63) sched_yield(); else cpu_relax();
    }
    pthread_mutex_unlock(&pool.busy);
}
