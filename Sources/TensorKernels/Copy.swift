#if canImport(Glibc)
import Glibc
#endif

/// Strided copies with conversion, and fills.
package enum CopyKernels {
    /// Copies `src` (of `srcType`) into `dst` (of `dstType`) element-wise over `shape`,
    /// converting as PyTorch's `copy_` / `to(dtype)` do.
    package static func copy(shape: [Int], from src: KernelOperand, _ srcType: DType,
                             to dst: KernelOperand, _ dstType: DType) {
        let plan = LoopPlan(shape: shape, operandStrides: [src.strides, dst.strides])
        plan.parallelRanges { range in
            switch srcType {
            case .float32: copy(plan, range, src.typed(Float.self), dst, dstType)
            case .float64: copy(plan, range, src.typed(Double.self), dst, dstType)
            case .int64: copy(plan, range, src.typed(Int64.self), dst, dstType)
            case .int32: copy(plan, range, src.typed(Int32.self), dst, dstType)
            case .bool: copy(plan, range, src.typed(Bool.self), dst, dstType)
            case .float16: copy(plan, range, src.typed(Float16.self), dst, dstType)
            case .bfloat16: copy(plan, range, src.typed(BFloat16.self), dst, dstType)
            case .int16: copy(plan, range, src.typed(Int16.self), dst, dstType)
            case .int8: copy(plan, range, src.typed(Int8.self), dst, dstType)
            case .uint8: copy(plan, range, src.typed(UInt8.self), dst, dstType)
            }
        }
    }

    private static func copy<S: KernelElement>(_ plan: LoopPlan, _ range: Range<Int>, _ s: UnsafeMutablePointer<S>,
                                               _ dst: KernelOperand, _ dstType: DType) {
        switch dstType {
        case .float32: convertLoop(plan, range, s, dst.typed(Float.self))
        case .float64: convertLoop(plan, range, s, dst.typed(Double.self))
        case .int64: convertLoop(plan, range, s, dst.typed(Int64.self))
        case .int32: convertLoop(plan, range, s, dst.typed(Int32.self))
        case .bool: convertLoop(plan, range, s, dst.typed(Bool.self))
        case .float16: convertLoop(plan, range, s, dst.typed(Float16.self))
        case .bfloat16: convertLoop(plan, range, s, dst.typed(BFloat16.self))
        case .int16: convertLoop(plan, range, s, dst.typed(Int16.self))
        case .int8: convertLoop(plan, range, s, dst.typed(Int8.self))
        case .uint8: convertLoop(plan, range, s, dst.typed(UInt8.self))
        }
    }

    private static func convertLoop<S: KernelElement, D: KernelElement>(
        _ plan: LoopPlan, _ range: Range<Int>, _ s: UnsafeMutablePointer<S>, _ d: UnsafeMutablePointer<D>
    ) {
        let ss = plan.innerStride(0), ds = plan.innerStride(1)
        if S.self == D.self, ss == 1, ds == 1 {
            plan.forEachRun(in: range) { off, n in
                memcpy(d + off[1], s + off[0], n * MemoryLayout<S>.stride)
            }
            return
        }
        plan.forEachRun(in: range) { off, n in
            let sp = s + off[0], dp = d + off[1]
            if ss == 1 && ds == 1 {
                for i in 0..<n { dp[i] = convertElement(sp[i], to: D.self) }
            } else {
                for i in 0..<n { dp[i * ds] = convertElement(sp[i * ss], to: D.self) }
            }
        }
    }

    /// Sets every element of `dst` over `shape` to `value` converted to `dtype`.
    package static func fill(shape: [Int], _ dst: KernelOperand, _ dtype: DType, with value: Scalar) {
        let plan = LoopPlan(shape: shape, operandStrides: [dst.strides])
        plan.parallelRanges { range in
            switch dtype {
            case .float32: fillLoop(plan, range, dst.typed(Float.self), value.element(Float.self))
            case .float64: fillLoop(plan, range, dst.typed(Double.self), value.element(Double.self))
            case .int64: fillLoop(plan, range, dst.typed(Int64.self), value.element(Int64.self))
            case .int32: fillLoop(plan, range, dst.typed(Int32.self), value.element(Int32.self))
            case .bool: fillLoop(plan, range, dst.typed(Bool.self), value.element(Bool.self))
            case .float16: fillLoop(plan, range, dst.typed(Float16.self), value.element(Float16.self))
            case .bfloat16: fillLoop(plan, range, dst.typed(BFloat16.self), value.element(BFloat16.self))
            case .int16: fillLoop(plan, range, dst.typed(Int16.self), value.element(Int16.self))
            case .int8: fillLoop(plan, range, dst.typed(Int8.self), value.element(Int8.self))
            case .uint8: fillLoop(plan, range, dst.typed(UInt8.self), value.element(UInt8.self))
            }
        }
    }

    private static func fillLoop<T: KernelElement>(_ plan: LoopPlan, _ range: Range<Int>, _ d: UnsafeMutablePointer<T>, _ v: T) {
        let ds = plan.innerStride(0)
        plan.forEachRun(in: range) { off, n in
            let dp = d + off[0]
            if ds == 1 {
                for i in 0..<n { dp[i] = v }
            } else {
                for i in 0..<n { dp[i * ds] = v }
            }
        }
    }

    /// Fills `count` contiguous elements with start, start + step, ... (`arange`, `linspace`).
    package static func fillRange(_ dst: UnsafeMutableRawPointer, _ dtype: DType, count: Int,
                                  start: Scalar, step: Scalar) {
        switch dtype {
        case .float32:
            let p = dst.assumingMemoryBound(to: Float.self)
            let s = start.doubleValue, h = step.doubleValue
            for i in 0..<count { p[i] = Float(s + Double(i) * h) }
        case .float64:
            let p = dst.assumingMemoryBound(to: Double.self)
            let s = start.doubleValue, h = step.doubleValue
            for i in 0..<count { p[i] = s + Double(i) * h }
        case .int64:
            let p = dst.assumingMemoryBound(to: Int64.self)
            let s = start.int64Value, h = step.int64Value
            for i in 0..<count { p[i] = s &+ Int64(i) &* h }
        case .int32:
            let p = dst.assumingMemoryBound(to: Int32.self)
            let s = start.int64Value, h = step.int64Value
            for i in 0..<count { p[i] = Int32(truncatingIfNeeded: s &+ Int64(i) &* h) }
        case .bool:
            let p = dst.assumingMemoryBound(to: Bool.self)
            for i in 0..<count { p[i] = (start.doubleValue + Double(i) * step.doubleValue) != 0 }
        case .float16: narrowRange(dst.assumingMemoryBound(to: Float16.self), count, start, step)
        case .bfloat16: narrowRange(dst.assumingMemoryBound(to: BFloat16.self), count, start, step)
        case .int16: narrowRange(dst.assumingMemoryBound(to: Int16.self), count, start, step)
        case .int8: narrowRange(dst.assumingMemoryBound(to: Int8.self), count, start, step)
        case .uint8: narrowRange(dst.assumingMemoryBound(to: UInt8.self), count, start, step)
        }
    }

    /// A range in a narrow dtype: computed as float32 or int64 values, then stored.
    private static func narrowRange<T: KernelElement>(_ p: UnsafeMutablePointer<T>, _ count: Int, _ start: Scalar, _ step: Scalar) {
        if T.dtype.computeType == .float32 {
            let s = start.doubleValue, h = step.doubleValue
            for i in 0..<count { p[i] = T(fromDouble: Double(Float(s + Double(i) * h))) }
        } else {
            let s = start.int64Value, h = step.int64Value
            for i in 0..<count { p[i] = T(fromInt: s &+ Int64(i) &* h) }
        }
    }
}
