/// Softmax and log-softmax along lanes, numerically stable (the lane's maximum is
/// subtracted first), in the element type as PyTorch's CPU kernels compute them.
package enum SoftmaxKernels {
    /// `lanes.output` lanes have the input's lane length; `outputLaneStride` is their stride.
    package static func apply(_ dtype: DType, _ lanes: Lanes, outputLaneStride: Int, log: Bool) {
        switch dtype {
        case .float32: apply(lanes, lanes.input.typed(Float.self), lanes.output.typed(Float.self), outputLaneStride, log)
        case .float64: apply(lanes, lanes.input.typed(Double.self), lanes.output.typed(Double.self), outputLaneStride, log)
        default: preconditionFailure("softmax needs a floating dtype")
        }
    }

    private static func apply<T: KernelFloat>(_ lanes: Lanes, _ x: UnsafeMutablePointer<T>, _ o: UnsafeMutablePointer<T>,
                                              _ os: Int, _ log: Bool) {
        let n = lanes.laneLength, s = lanes.laneStride
        lanes.forEach { i, j in
            var maxValue = -T.infinity
            for k in 0..<n {
                let v = x[i + k * s]
                if v.isNaN || v > maxValue { maxValue = v }
            }
            var sum: T = 0
            if log {
                for k in 0..<n { sum += T.exp(x[i + k * s] - maxValue) }
                let logSum = T.log(sum)
                for k in 0..<n { o[j + k * os] = x[i + k * s] - maxValue - logSum }
            } else {
                for k in 0..<n {
                    let e = T.exp(x[i + k * s] - maxValue)
                    o[j + k * os] = e
                    sum += e
                }
                let scale = 1 / sum
                for k in 0..<n { o[j + k * os] *= scale }
            }
        }
    }
}
