import CVectorKernels

/// Runs `body(i)` for `i` in `0..<count`, spread over the cores: the calling thread and
/// the pool's workers (CVectorKernels' thread_pool.c), which stay awake a few tens of
/// microseconds between runs, so back-to-back element-wise ops do not pay a thread wake-up
/// each (Dispatch's workers sleep at once). Nested runs go serially.
package func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        var task = body
        withUnsafeMutablePointer(to: &task) { pointer in
            tsh_parallel_run(count, Int32(clamping: parallelism), { context, index in
                context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(index)
            }, pointer)
        }
    }
}
