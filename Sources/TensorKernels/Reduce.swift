import CVectorKernels

/// Reductions along lanes. The caller lays the input out as outer dimensions (one output
/// element each) times one lane of `laneLength` elements at `laneStride`; outer strides
/// of the input and the output come in the operands.
package struct Lanes {
    package var outerShape: [Int]
    package var input: KernelOperand
    package var output: KernelOperand
    package var laneLength: Int
    package var laneStride: Int

    package init(outerShape: [Int], input: KernelOperand, output: KernelOperand, laneLength: Int, laneStride: Int) {
        self.outerShape = outerShape
        self.input = input
        self.output = output
        self.laneLength = laneLength
        self.laneStride = laneStride
    }

    /// Calls `body(inputOffset, outputOffset)` for every lane.
    @inline(__always)
    func forEach(_ body: (Int, Int) -> Void) {
        let plan = LoopPlan(shape: outerShape, operandStrides: [input.strides, output.strides])
        let si = plan.innerStride(0), so = plan.innerStride(1)
        plan.forEachRun(in: 0..<plan.elementCount) { off, n in
            for i in 0..<n { body(off[0] + i * si, off[1] + i * so) }
        }
    }
}

package enum ReduceKernels {
    /// Sums each lane. Floats add in ATen's order (CascadeSum), so results match PyTorch's
    /// to the last bit; integer and bool lanes sum into int64 outputs (bool read as 0/1).
    package static func sum(_ dtype: DType, _ lanes: Lanes) {
        // Where each output sits along the innermost kept dimension (ATen picks its
        // variant by that); the output is contiguous, so its offset tells.
        let columns = lanes.outerShape.last ?? 1
        let columnStride = lanes.outerShape.isEmpty ? 0 : (lanes.input.strides.last ?? 0)
        let whole = lanes.outerShape.allSatisfy { $0 == 1 }
        switch dtype {
        case .float32 where whole:
            lanes.output.typed(Float.self)[0] = CascadeSum.total(lanes.input.typed(Float.self), count: lanes.laneLength,
                                                                 stride: lanes.laneStride, width: 8)
        case .float64 where whole:
            lanes.output.typed(Double.self)[0] = CascadeSum.total(lanes.input.typed(Double.self), count: lanes.laneLength,
                                                                  stride: lanes.laneStride, width: 4)
        case .float32:
            let x = lanes.input.typed(Float.self), o = lanes.output.typed(Float.self)
            lanes.forEach { i, j in
                o[j] = CascadeSum.sum(x + i, count: lanes.laneLength, stride: lanes.laneStride, width: 8,
                                      column: j % max(columns, 1), columns: columns, columnStride: columnStride)
            }
        case .float64:
            let x = lanes.input.typed(Double.self), o = lanes.output.typed(Double.self)
            lanes.forEach { i, j in
                o[j] = CascadeSum.sum(x + i, count: lanes.laneLength, stride: lanes.laneStride, width: 4,
                                      column: j % max(columns, 1), columns: columns, columnStride: columnStride)
            }
        case .int64:
            let x = lanes.input.typed(Int64.self), o = lanes.output.typed(Int64.self)
            lanes.forEach { i, j in o[j] = laneSum(x + i, lanes.laneLength, lanes.laneStride, Int64.self) }
        case .int32:
            let x = lanes.input.typed(Int32.self), o = lanes.output.typed(Int64.self)
            lanes.forEach { i, j in o[j] = laneSum(x + i, lanes.laneLength, lanes.laneStride, Int64.self) }
        case .bool:
            let x = lanes.input.typed(Bool.self), o = lanes.output.typed(Int64.self)
            lanes.forEach { i, j in
                var s: Int64 = 0
                for k in 0..<lanes.laneLength where x[i + k * lanes.laneStride] { s += 1 }
                o[j] = s
            }
        default: preconditionFailure("\(dtype.name) is computed in \(dtype.computeType.name) before the kernel")
        }
    }

    /// Multiplies each lane in the output dtype (int64 for integer and bool inputs).
    package static func prod(_ dtype: DType, _ lanes: Lanes) {
        switch dtype {
        case .float32: prod(lanes, lanes.input.typed(Float.self), lanes.output.typed(Float.self)) { $0 * $1 }
        case .float64: prod(lanes, lanes.input.typed(Double.self), lanes.output.typed(Double.self)) { $0 * $1 }
        case .int64: prod(lanes, lanes.input.typed(Int64.self), lanes.output.typed(Int64.self)) { $0 &* $1 }
        case .int32: prod(lanes, lanes.input.typed(Int32.self), lanes.output.typed(Int64.self)) { $0 &* $1 }
        case .bool: prod(lanes, lanes.input.typed(Bool.self), lanes.output.typed(Int64.self)) { $0 &* $1 }
        default: preconditionFailure("\(dtype.name) is computed in \(dtype.computeType.name) before the kernel")
        }
    }

    private static func prod<T: KernelElement, A: KernelElement>(_ lanes: Lanes, _ x: UnsafeMutablePointer<T>,
                                                                 _ o: UnsafeMutablePointer<A>, _ times: (A, A) -> A) {
        let n = lanes.laneLength, s = lanes.laneStride
        lanes.forEach { i, j in
            var acc = A(fromInt: 1)
            for k in 0..<n { acc = times(acc, convertElement(x[i + k * s], to: A.self)) }
            o[j] = acc
        }
    }

    /// The largest (or smallest) element of each lane into the output and, when asked, its
    /// index (the first one; NaN counts as the extreme, as in PyTorch).
    package static func extremum(_ dtype: DType, _ lanes: Lanes, largest: Bool, indices: KernelOperand?) {
        if dtype == .float32, indices == nil, lanes.laneStride == 1, lanes.laneLength > 0, lanes.outerShape.allSatisfy({ $0 == 1 }) {
            lanes.output.typed(Float.self)[0] = wholeExtremum(lanes.input.typed(Float.self), lanes.laneLength, largest)
            return
        }
        switch dtype {
        case .float32: extremum(lanes, lanes.input.typed(Float.self), largest, indices) { $0.isNaN }
        case .float64: extremum(lanes, lanes.input.typed(Double.self), largest, indices) { $0.isNaN }
        case .int64: extremum(lanes, lanes.input.typed(Int64.self), largest, indices) { _ in false }
        case .int32: extremum(lanes, lanes.input.typed(Int32.self), largest, indices) { _ in false }
        case .bool: extremum(lanes, lanes.input.typed(Bool.self), largest, indices) { _ in false }
        default: preconditionFailure("\(dtype.name) is computed in \(dtype.computeType.name) before the kernel")
        }
    }

    /// max() or min() of a whole contiguous float tensor: vector loops (CVectorKernels) on
    /// each core, the chunks' answers combined as one scan would (the first NaN wins; a zero,
    /// whose sign depends on the order, is found again by the scan).
    private static func wholeExtremum(_ x: UnsafeMutablePointer<Float>, _ n: Int, _ largest: Bool) -> Float {
        let flag: Int32 = largest ? 1 : 0
        let workers = min(parallelism, n / 65536)
        guard workers > 1 else { return tsh_extremum_f32(x, n, flag) }
        let chunk = (n + workers - 1) / workers
        var partial = [Float](repeating: 0, count: workers)
        partial.withUnsafeMutableBufferPointer { partial in
            let out = partial.baseAddress!
            parallelFor(workers) { w in
                let lo = min(w * chunk, n - 1)
                out[w] = tsh_extremum_f32(x + lo, min(n, lo + chunk) - lo, flag)
            }
        }
        var best = partial[0]
        for v in partial where !best.isNaN {
            if v.isNaN || (largest ? v > best : v < best) { best = v }
        }
        return best == 0 ? tsh_extremum_f32(x, n, flag) : best
    }

    private static func extremum<T: KernelElement & Comparable>(
        _ lanes: Lanes, _ x: UnsafeMutablePointer<T>, _ largest: Bool, _ indices: KernelOperand?,
        _ isNaN: (T) -> Bool
    ) {
        let n = lanes.laneLength, s = lanes.laneStride
        let values = lanes.output.typed(T.self)
        let idx = indices?.typed(Int64.self)
        let plan = LoopPlan(shape: lanes.outerShape,
                            operandStrides: [lanes.input.strides, lanes.output.strides, indices?.strides ?? lanes.output.strides])
        let si = plan.innerStride(0), so = plan.innerStride(1), sx = plan.innerStride(2)
        plan.forEachRun(in: 0..<plan.elementCount) { off, count in
            for r in 0..<count {
                let lane = x + off[0] + r * si
                var best = lane[0], bestIndex = 0
                if !isNaN(best) {
                    for k in 1..<max(n, 1) {
                        let v = lane[k * s]
                        if isNaN(v) { best = v; bestIndex = k; break }
                        if largest ? v > best : v < best { best = v; bestIndex = k }
                    }
                }
                values[off[1] + r * so] = best
                if let idx { idx[off[2] + r * sx] = Int64(bestIndex) }
            }
        }
    }

    /// Variance of each lane with Bessel-style `correction` (PyTorch's two-pass in double).
    /// A lane with `length - correction <= 0` gives nan (inf for a zero sum of squares is
    /// what PyTorch gives too when the divisor is 0: nan for 0/0).
    package static func variance(_ dtype: DType, _ lanes: Lanes, correction: Double, takeRoot: Bool) {
        switch dtype {
        case .float32: variance(lanes, lanes.input.typed(Float.self), lanes.output.typed(Float.self), correction, takeRoot)
        case .float64: variance(lanes, lanes.input.typed(Double.self), lanes.output.typed(Double.self), correction, takeRoot)
        default: preconditionFailure("variance needs a floating dtype")
        }
    }

    private static func variance<T: KernelFloat>(_ lanes: Lanes, _ x: UnsafeMutablePointer<T>, _ o: UnsafeMutablePointer<T>,
                                                 _ correction: Double, _ takeRoot: Bool) {
        let n = lanes.laneLength, s = lanes.laneStride
        lanes.forEach { i, j in
            var mean = 0.0
            for k in 0..<n { mean += x[i + k * s].doubleValue }
            mean /= Double(n)
            var m2 = 0.0
            for k in 0..<n {
                let d = x[i + k * s].doubleValue - mean
                m2 += d * d
            }
            let v = m2 / max(0, Double(n) - correction)
            o[j] = T(fromDouble: takeRoot ? v.squareRoot() : v)
        }
    }

    /// The p-norm of each lane: (Σ|x|^p)^(1/p), with p = ∞ the largest |x| and p = 0 the
    /// count of non-zeros; accumulated in double.
    package static func norm(_ dtype: DType, _ lanes: Lanes, p: Double) {
        switch dtype {
        case .float32: norm(lanes, lanes.input.typed(Float.self), lanes.output.typed(Float.self), p)
        case .float64: norm(lanes, lanes.input.typed(Double.self), lanes.output.typed(Double.self), p)
        default: preconditionFailure("norm needs a floating dtype")
        }
    }

    private static func norm<T: KernelFloat>(_ lanes: Lanes, _ x: UnsafeMutablePointer<T>, _ o: UnsafeMutablePointer<T>, _ p: Double) {
        let n = lanes.laneLength, s = lanes.laneStride
        lanes.forEach { i, j in
            var acc = 0.0
            if p == .infinity {
                for k in 0..<n { acc = max(acc, abs(x[i + k * s].doubleValue)) }
            } else if p == -.infinity {
                acc = .infinity
                for k in 0..<n { acc = min(acc, abs(x[i + k * s].doubleValue)) }
            } else if p == 0 {
                for k in 0..<n where x[i + k * s] != 0 { acc += 1 }
            } else if p == 2 {
                for k in 0..<n { let v = x[i + k * s].doubleValue; acc += v * v }
                acc = acc.squareRoot()
            } else if p == 1 {
                for k in 0..<n { acc += abs(x[i + k * s].doubleValue) }
            } else {
                for k in 0..<n { acc += Double.pow(abs(x[i + k * s].doubleValue), p) }
                acc = Double.pow(acc, 1 / p)
            }
            o[j] = T(fromDouble: acc)
        }
    }

    /// Whether any (or every) element of each lane is non-zero; bool outputs.
    package static func anyAll(_ dtype: DType, _ lanes: Lanes, all: Bool) {
        switch dtype {
        case .float32: anyAll(lanes, lanes.input.typed(Float.self), all)
        case .float64: anyAll(lanes, lanes.input.typed(Double.self), all)
        case .int64: anyAll(lanes, lanes.input.typed(Int64.self), all)
        case .int32: anyAll(lanes, lanes.input.typed(Int32.self), all)
        case .bool: anyAll(lanes, lanes.input.typed(Bool.self), all)
        default: preconditionFailure("\(dtype.name) is computed in \(dtype.computeType.name) before the kernel")
        }
    }

    private static func anyAll<T: KernelElement>(_ lanes: Lanes, _ x: UnsafeMutablePointer<T>, _ all: Bool) {
        let n = lanes.laneLength, s = lanes.laneStride, o = lanes.output.typed(Bool.self)
        lanes.forEach { i, j in
            var result = all
            for k in 0..<n where x[i + k * s].boolValue != all { result = !all; break }
            o[j] = result
        }
    }
}

/// A lane's sum with eight independent accumulators (vectorizable, and a little more
/// accurate than one), split across cores when the lane is long.
@inline(__always)
func laneSum<T: KernelElement, A: LaneAccumulator>(
    _ x: UnsafeMutablePointer<T>, _ n: Int, _ stride: Int, _: A.Type
) -> A {
    let parallelThreshold = 1 << 20
    if n >= parallelThreshold && parallelism > 1 {
        let workers = min(parallelism, n / 65536)
        let chunk = (n + workers - 1) / workers
        let partials = UnsafeMutablePointer<A>.allocate(capacity: workers)
        defer { partials.deallocate() }
        parallelFor(workers) { w in
            let lo = w * chunk, hi = min(n, lo + chunk)
            (partials + w).initialize(to: serialLaneSum(x + lo * stride, max(0, hi - lo), stride, A.self))
        }
        var total = A.zero
        for w in 0..<workers { total = A.sum(total, partials[w]) }
        return total
    }
    return serialLaneSum(x, n, stride, A.self)
}

@inline(__always)
func serialLaneSum<T: KernelElement, A: LaneAccumulator>(
    _ x: UnsafeMutablePointer<T>, _ n: Int, _ stride: Int, _: A.Type
) -> A {
    var a0 = A.zero, a1 = A.zero, a2 = A.zero, a3 = A.zero
    var a4 = A.zero, a5 = A.zero, a6 = A.zero, a7 = A.zero
    var k = 0
    if stride == 1 {
        while k + 8 <= n {
            a0 = A.sum(a0, convertElement(x[k], to: A.self)); a1 = A.sum(a1, convertElement(x[k + 1], to: A.self))
            a2 = A.sum(a2, convertElement(x[k + 2], to: A.self)); a3 = A.sum(a3, convertElement(x[k + 3], to: A.self))
            a4 = A.sum(a4, convertElement(x[k + 4], to: A.self)); a5 = A.sum(a5, convertElement(x[k + 5], to: A.self))
            a6 = A.sum(a6, convertElement(x[k + 6], to: A.self)); a7 = A.sum(a7, convertElement(x[k + 7], to: A.self))
            k += 8
        }
    }
    while k < n {
        a0 = A.sum(a0, convertElement(x[k * stride], to: A.self))
        k += 1
    }
    return A.sum(A.sum(A.sum(a0, a1), A.sum(a2, a3)), A.sum(A.sum(a4, a5), A.sum(a6, a7)))
}

/// What a lane sum accumulates in: doubles add, int64 wraps on overflow as PyTorch's
/// integer sums do (a trap would end the session).
protocol LaneAccumulator: KernelElement, AdditiveArithmetic {
    static func sum(_ a: Self, _ b: Self) -> Self
}

extension Double: LaneAccumulator {
    @inline(__always) static func sum(_ a: Double, _ b: Double) -> Double { a + b }
}

extension Int64: LaneAccumulator {
    @inline(__always) static func sum(_ a: Int64, _ b: Int64) -> Int64 { a &+ b }
}
