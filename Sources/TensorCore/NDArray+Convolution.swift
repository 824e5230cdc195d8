/// The kernels of 2-D convolution and pooling over contiguous NCHW float arrays: unfolding
/// an image into columns (im2col) so a convolution is one matrix product per image and
/// group, folding columns back (col2im) for the input's gradient, and the pooling windows.
package struct Window2d {
    package var kernel: (h: Int, w: Int)
    package var stride: (h: Int, w: Int)
    package var padding: (h: Int, w: Int)
    package var dilation: (h: Int, w: Int)
    /// The output's height and width.
    package var out: (h: Int, w: Int)

    package init(kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), out: (Int, Int)) {
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.out = out
    }

    /// PyTorch's output size of a window sliding over `size` (floor, or ceil with
    /// ceil_mode, where the last window must start inside the input or its left padding).
    /// Sizes, paddings and dilations come from the user: arithmetic that would overflow is
    /// an error, not a trap.
    package static func outputSize(_ size: Int, kernel: Int, stride: Int, padding: Int, dilation: Int, ceilMode: Bool = false) throws -> Int {
        let reach = try checked(dilation.multipliedReportingOverflow(by: kernel - 1))
        let padded = try checked(size.addingReportingOverflow(try checked(padding.multipliedReportingOverflow(by: 2))))
        let span = padded - reach - 1
        var out = (ceilMode ? (span + stride - 1).floorDivided(by: stride) : span.floorDivided(by: stride)) + 1
        if ceilMode && (out - 1) * stride >= size + padding { out -= 1 }
        return out
    }

    /// `size + 2 × padding`, checked.
    package static func paddedSize(_ size: Int, _ padding: Int) throws -> Int {
        try checked(size.addingReportingOverflow(try checked(padding.multipliedReportingOverflow(by: 2))))
    }

    /// `dilation × (kernel - 1) + 1`, checked.
    package static func effectiveKernel(_ kernel: Int, _ dilation: Int) throws -> Int {
        try checked(dilation.multipliedReportingOverflow(by: kernel - 1)) + 1
    }

    private static func checked(_ r: (partialValue: Int, overflow: Bool)) throws -> Int {
        if r.overflow { throw TensorError.runtime("integer overflow in a window size (kernel, stride, padding or dilation too large)") }
        return r.partialValue
    }

    /// The kernel offsets k (0..<kernel) whose position `start + k × dilation` falls in 0..<size.
    static func inside(start: Int, kernel: Int, dilation: Int, size: Int) -> Range<Int> {
        let first = start >= 0 ? 0 : (-start + dilation - 1) / dilation
        guard start < size else { return 0..<0 }
        let last = min(kernel, (size - start + dilation - 1) / dilation)
        return first < last ? first..<last : 0..<0
    }
}

extension Int {
    fileprivate func floorDivided(by d: Int) -> Int {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}

extension NDArray {
    /// Runs `body` with the element type of a float32 or float64 array.
    func withFloatType<R>(_ op: String, _ body: (any BinaryFloatingPoint.Type) throws -> R) throws -> R {
        switch dtype {
        case .float32: return try body(Float.self)
        case .float64: return try body(Double.self)
        default: throw TensorError.runtime("\"\(op)\" not implemented for '\(dtype.scalarTypeName)'")
        }
    }

    /// Image `n`'s channels `channels` of this contiguous [N, C, H, W] array as columns
    /// [channels × kh × kw, outH × outW]: column p holds the window of output position p
    /// (zeros where it hangs over the padding).
    package func im2col(image n: Int, channels: Range<Int>, _ g: Window2d) throws -> NDArray {
        let (c, h, w) = (shape[1], shape[2], shape[3])
        let rows = channels.count * g.kernel.h * g.kernel.w, columns = g.out.h * g.out.w
        let cols = try NDArray.zeros([rows, columns], dtype: dtype)
        func run<T: BinaryFloatingPoint>(_: T.Type) {
            let src = baseAddress.assumingMemoryBound(to: T.self) + n * c * h * w
            let dst = cols.baseAddress.assumingMemoryBound(to: T.self)
            var row = 0
            for ch in channels {
                let plane = src + ch * h * w
                for ki in 0..<g.kernel.h {
                    for kj in 0..<g.kernel.w {
                        let line = dst + row * columns
                        for oy in 0..<g.out.h {
                            let y = oy * g.stride.h - g.padding.h + ki * g.dilation.h
                            guard y >= 0 && y < h else { continue }
                            for ox in 0..<g.out.w {
                                let x = ox * g.stride.w - g.padding.w + kj * g.dilation.w
                                if x >= 0 && x < w { line[oy * g.out.w + ox] = plane[y * w + x] }
                            }
                        }
                        row += 1
                    }
                }
            }
        }
        try withFloatType("im2col") { run($0) }
        return cols
    }

    /// Adds columns (as `im2col` lays them out) back into image `n`'s channels of this
    /// contiguous [N, C, H, W] array: the input gradient of a convolution.
    package func col2imAdd(_ cols: NDArray, image n: Int, channels: Range<Int>, _ g: Window2d) throws {
        let (c, h, w) = (shape[1], shape[2], shape[3])
        let columns = g.out.h * g.out.w
        let source = cols.contiguousCopy()
        func run<T: BinaryFloatingPoint>(_: T.Type) {
            let dst = baseAddress.assumingMemoryBound(to: T.self) + n * c * h * w
            let src = source.baseAddress.assumingMemoryBound(to: T.self)
            var row = 0
            for ch in channels {
                let plane = dst + ch * h * w
                for ki in 0..<g.kernel.h {
                    for kj in 0..<g.kernel.w {
                        let line = src + row * columns
                        for oy in 0..<g.out.h {
                            let y = oy * g.stride.h - g.padding.h + ki * g.dilation.h
                            guard y >= 0 && y < h else { continue }
                            for ox in 0..<g.out.w {
                                let x = ox * g.stride.w - g.padding.w + kj * g.dilation.w
                                if x >= 0 && x < w { plane[y * w + x] += line[oy * g.out.w + ox] }
                            }
                        }
                        row += 1
                    }
                }
            }
        }
        try withFloatType("col2im") { run($0) }
    }

    /// Max pooling of this contiguous [N, C, H, W] array: the maxima and, per output
    /// element, the flat index (y × W + x) in its plane of the element chosen (the first
    /// maximum in row order; NaN wins, as in PyTorch).
    package func maxPool2d(_ g: Window2d) throws -> (values: NDArray, indices: [Int]) {
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        try NDArray.checkSizes([shape[0], shape[1], g.out.h, g.out.w], dtype: .int64)
        let out = NDArray(uninitialized: [shape[0], shape[1], g.out.h, g.out.w], dtype: dtype)
        var indices = [Int](repeating: 0, count: planes * g.out.h * g.out.w)
        func run<T: BinaryFloatingPoint>(_: T.Type) {
            let src = baseAddress.assumingMemoryBound(to: T.self), dst = out.baseAddress.assumingMemoryBound(to: T.self)
            var k = 0
            for p in 0..<planes {
                let plane = src + p * h * w
                for oy in 0..<g.out.h {
                    for ox in 0..<g.out.w {
                        var best = -T.infinity, bestIndex = -1
                        let y0 = oy * g.stride.h - g.padding.h, x0 = ox * g.stride.w - g.padding.w
                        for ki in Window2d.inside(start: y0, kernel: g.kernel.h, dilation: g.dilation.h, size: h) {
                            let y = y0 + ki * g.dilation.h
                            for kj in Window2d.inside(start: x0, kernel: g.kernel.w, dilation: g.dilation.w, size: w) {
                                let x = x0 + kj * g.dilation.w
                                let v = plane[y * w + x]
                                if bestIndex < 0 || v > best || v.isNaN && !best.isNaN {
                                    best = v
                                    bestIndex = y * w + x
                                }
                            }
                        }
                        dst[k] = best
                        indices[k] = max(bestIndex, 0)
                        k += 1
                    }
                }
            }
        }
        try withFloatType("max_pool2d") { run($0) }
        return (out, indices)
    }

    /// The input gradient of max pooling: each output's gradient added at its chosen index.
    package static func maxPool2dBackward(_ grad: NDArray, indices: [Int], inputShape: [Int]) throws -> NDArray {
        let result = try NDArray.zeros(inputShape, dtype: grad.dtype)
        let g = grad.contiguousCopy()
        let planeSize = inputShape[2] * inputShape[3], perPlane = g.shape[2] * g.shape[3]
        func run<T: BinaryFloatingPoint>(_: T.Type) {
            let src = g.baseAddress.assumingMemoryBound(to: T.self), dst = result.baseAddress.assumingMemoryBound(to: T.self)
            for k in 0..<indices.count { dst[(k / perPlane) * planeSize + indices[k]] += src[k] }
        }
        try result.withFloatType("max_pool2d_backward") { run($0) }
        return result
    }

    /// Average pooling of this contiguous [N, C, H, W] array (`countIncludePad`: padding
    /// counts in the divisor, as PyTorch's default; `divisor` overrides it). With `backward`
    /// set, this array is the output gradient and the result the input gradient of `inputShape`.
    package func avgPool2d(_ g: Window2d, countIncludePad: Bool, divisor: Int?, backwardTo inputShape: [Int]? = nil) throws -> NDArray {
        let forward = inputShape == nil
        let fullShape = inputShape ?? shape
        let (planes, h, w) = (fullShape[0] * fullShape[1], fullShape[2], fullShape[3])
        let source = contiguousCopy()
        if forward { try NDArray.checkSizes([fullShape[0], fullShape[1], g.out.h, g.out.w], dtype: dtype) }
        let result = forward ? NDArray(uninitialized: [fullShape[0], fullShape[1], g.out.h, g.out.w], dtype: dtype)
                             : try NDArray.zeros(fullShape, dtype: dtype)
        func run<T: BinaryFloatingPoint>(_: T.Type) {
            let src = source.baseAddress.assumingMemoryBound(to: T.self), dst = result.baseAddress.assumingMemoryBound(to: T.self)
            var k = 0
            for p in 0..<planes {
                for oy in 0..<g.out.h {
                    for ox in 0..<g.out.w {
                        let y0 = oy * g.stride.h - g.padding.h, x0 = ox * g.stride.w - g.padding.w
                        // The window clipped to the padded input (what count_include_pad counts), then to the input.
                        let y1 = y0 + min(g.kernel.h, h + g.padding.h - y0), x1 = x0 + min(g.kernel.w, w + g.padding.w - x0)
                        let padded = Double(y1 - y0) * Double(x1 - x0)
                        let ys = max(y0, 0)..<max(max(y0, 0), min(y1, h)), xs = max(x0, 0)..<max(max(x0, 0), min(x1, w))
                        let count = divisor.map(Double.init) ?? (countIncludePad ? padded : Double(ys.count * xs.count))
                        if forward {
                            var sum: T = 0
                            for y in ys { for x in xs { sum += src[p * h * w + y * w + x] } }
                            dst[k] = sum / T(count)
                        } else {
                            let share = src[k] / T(count)
                            for y in ys { for x in xs { dst[p * h * w + y * w + x] += share } }
                        }
                        k += 1
                    }
                }
            }
        }
        try withFloatType("avg_pool2d") { run($0) }
        return result
    }

    /// Adaptive average pooling to `out` (PyTorch's bins: start ⌊i·H/out⌋, end ⌈(i+1)·H/out⌉),
    /// or with `backwardTo`, the input gradient from this output gradient.
    package func adaptiveAvgPool2d(_ out: (h: Int, w: Int), backwardTo inputShape: [Int]? = nil) throws -> NDArray {
        let forward = inputShape == nil
        let fullShape = inputShape ?? shape
        let (planes, h, w) = (fullShape[0] * fullShape[1], fullShape[2], fullShape[3])
        let source = contiguousCopy()
        if forward {
            _ = try NDArray.checkedCount([fullShape[0], fullShape[1], out.h, out.w])
            try NDArray.checkSizes([fullShape[0], fullShape[1], out.h, out.w], dtype: dtype)
        }
        let result = forward ? NDArray(uninitialized: [fullShape[0], fullShape[1], out.h, out.w], dtype: dtype)
                             : try NDArray.zeros(fullShape, dtype: dtype)
        func run<T: BinaryFloatingPoint>(_: T.Type) {
            let src = source.baseAddress.assumingMemoryBound(to: T.self), dst = result.baseAddress.assumingMemoryBound(to: T.self)
            var k = 0
            for p in 0..<planes {
                for oy in 0..<out.h {
                    let ys = (oy * h / out.h)..<(((oy + 1) * h + out.h - 1) / out.h)
                    for ox in 0..<out.w {
                        let xs = (ox * w / out.w)..<(((ox + 1) * w + out.w - 1) / out.w)
                        let count = T(ys.count * xs.count)
                        if forward {
                            var sum: T = 0
                            for y in ys { for x in xs { sum += src[p * h * w + y * w + x] } }
                            dst[k] = sum / count
                        } else {
                            let share = src[k] / count
                            for y in ys { for x in xs { dst[p * h * w + y * w + x] += share } }
                        }
                        k += 1
                    }
                }
            }
        }
        try withFloatType("adaptive_avg_pool2d") { run($0) }
        return result
    }
}
