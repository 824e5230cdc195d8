import CVectorKernels

/// The optimizers' steps over a parameter's flat buffers (CVectorKernels' loops, in ATen's
/// order of float operations), split across the cores for large parameters. Every buffer
/// is contiguous, of `count` elements of one dtype; float32 and float64 only (the caller
/// keeps its element-wise path for the rest).
extension VectorUpdate {
    package typealias SGDStep = tsh_sgd_step
    package typealias AdamStep = tsh_adam_step
    package typealias RMSpropStep = tsh_rmsprop_step

    /// SGD: weight decay, momentum (an existing buffer; nil for none), nesterov, maximize.
    package static func sgdStep(param: UnsafeMutableRawPointer, grad: UnsafeRawPointer, momentumBuffer: UnsafeMutableRawPointer?,
                                _ step: tsh_sgd_step, count: Int, dtype: DType) -> Bool {
        withUnsafePointer(to: step) { s in
            inChunks(of: dtype, count) { r in
                tsh_sgd_step_f32(at(param, r, Float.self), at(grad, r, Float.self), at(momentumBuffer, r, Float.self), s, r.count)
            } double: { r in
                tsh_sgd_step_f64(at(param, r, Double.self), at(grad, r, Double.self), at(momentumBuffer, r, Double.self), s, r.count)
            }
        }
    }

    /// Adam and AdamW; `maxExpAvgSq` only with amsgrad.
    package static func adamStep(param: UnsafeMutableRawPointer, grad: UnsafeRawPointer, expAvg: UnsafeMutableRawPointer,
                                 expAvgSq: UnsafeMutableRawPointer, maxExpAvgSq: UnsafeMutableRawPointer?,
                                 _ step: tsh_adam_step, count: Int, dtype: DType) -> Bool {
        withUnsafePointer(to: step) { s in
            inChunks(of: dtype, count) { r in
                tsh_adam_step_f32(at(param, r, Float.self), at(grad, r, Float.self), at(expAvg, r, Float.self),
                                  at(expAvgSq, r, Float.self), at(maxExpAvgSq, r, Float.self), s, r.count)
            } double: { r in
                tsh_adam_step_f64(at(param, r, Double.self), at(grad, r, Double.self), at(expAvg, r, Double.self),
                                  at(expAvgSq, r, Double.self), at(maxExpAvgSq, r, Double.self), s, r.count)
            }
        }
    }

    /// RMSprop; `gradAvg` only when centered, `momentumBuffer` only with momentum.
    package static func rmspropStep(param: UnsafeMutableRawPointer, grad: UnsafeRawPointer, squareAvg: UnsafeMutableRawPointer,
                                    gradAvg: UnsafeMutableRawPointer?, momentumBuffer: UnsafeMutableRawPointer?,
                                    _ step: tsh_rmsprop_step, count: Int, dtype: DType) -> Bool {
        withUnsafePointer(to: step) { s in
            inChunks(of: dtype, count) { r in
                tsh_rmsprop_step_f32(at(param, r, Float.self), at(grad, r, Float.self), at(squareAvg, r, Float.self),
                                     at(gradAvg, r, Float.self), at(momentumBuffer, r, Float.self), s, r.count)
            } double: { r in
                tsh_rmsprop_step_f64(at(param, r, Double.self), at(grad, r, Double.self), at(squareAvg, r, Double.self),
                                     at(gradAvg, r, Double.self), at(momentumBuffer, r, Double.self), s, r.count)
            }
        }
    }

    /// The float32 or float64 loop over `count` elements in chunks (one per core when
    /// large); false, running nothing, for other dtypes.
    private static func inChunks(of dtype: DType, _ count: Int, float: (Range<Int>) -> Void, double: (Range<Int>) -> Void) -> Bool {
        switch dtype {
        case .float32: inChunks(count, float)
        case .float64: inChunks(count, double)
        default: return false
        }
        return true
    }

    /// The element at the start of `range` in a buffer of `E`.
    private static func at<E>(_ base: UnsafeRawPointer, _ range: Range<Int>, _: E.Type) -> UnsafePointer<E> {
        base.assumingMemoryBound(to: E.self) + range.lowerBound
    }

    /// The same for a buffer written in place; nil (a part of the step left out) stays nil.
    private static func at<E>(_ base: UnsafeMutableRawPointer?, _ range: Range<Int>, _: E.Type) -> UnsafeMutablePointer<E>? {
        base.map { $0.assumingMemoryBound(to: E.self) + range.lowerBound }
    }
}
