/// Reading and writing single elements (for printing, `item`, `tolist` and tests).
extension NDArray {
    /// The storage position of the element at a multi-index.
    package func elementOffset(_ index: [Int]) -> Int {
        var off = offset
        for d in 0..<rank { off += index[d] * strides[d] }
        return off
    }

    package func scalar(atOffset off: Int) -> Scalar {
        let p = storage.bytes
        switch dtype {
        case .float32: return .double(Double(p.assumingMemoryBound(to: Float.self)[off]))
        case .float64: return .double(p.assumingMemoryBound(to: Double.self)[off])
        case .int64: return .int(p.assumingMemoryBound(to: Int64.self)[off])
        case .int32: return .int(Int64(p.assumingMemoryBound(to: Int32.self)[off]))
        case .bool: return .bool(p.assumingMemoryBound(to: Bool.self)[off])
        case .float16: return .double(Double(p.assumingMemoryBound(to: Float16.self)[off]))
        case .bfloat16: return .double(Double(p.assumingMemoryBound(to: BFloat16.self)[off].float))
        case .int16: return .int(Int64(p.assumingMemoryBound(to: Int16.self)[off]))
        case .int8: return .int(Int64(p.assumingMemoryBound(to: Int8.self)[off]))
        case .uint8: return .int(Int64(p.assumingMemoryBound(to: UInt8.self)[off]))
        }
    }

    package func scalar(at index: [Int]) -> Scalar { scalar(atOffset: elementOffset(index)) }

    package func setScalar(_ value: Scalar, at index: [Int]) {
        let off = elementOffset(index), p = storage.bytes
        switch dtype {
        case .float32: p.assumingMemoryBound(to: Float.self)[off] = value.element(Float.self)
        case .float64: p.assumingMemoryBound(to: Double.self)[off] = value.element(Double.self)
        case .int64: p.assumingMemoryBound(to: Int64.self)[off] = value.element(Int64.self)
        case .int32: p.assumingMemoryBound(to: Int32.self)[off] = value.element(Int32.self)
        case .bool: p.assumingMemoryBound(to: Bool.self)[off] = value.element(Bool.self)
        case .float16: p.assumingMemoryBound(to: Float16.self)[off] = value.element(Float16.self)
        case .bfloat16: p.assumingMemoryBound(to: BFloat16.self)[off] = value.element(BFloat16.self)
        case .int16: p.assumingMemoryBound(to: Int16.self)[off] = value.element(Int16.self)
        case .int8: p.assumingMemoryBound(to: Int8.self)[off] = value.element(Int8.self)
        case .uint8: p.assumingMemoryBound(to: UInt8.self)[off] = value.element(UInt8.self)
        }
    }

    /// All elements in row-major order.
    package var scalars: [Scalar] {
        var result: [Scalar] = []
        result.reserveCapacity(count)
        forEachOffset { result.append(scalar(atOffset: $0)) }
        return result
    }

    /// Calls `body` with the storage offset of every element in row-major order.
    package func forEachOffset(_ body: (Int) -> Void) {
        if count == 0 { return }
        var index = [Int](repeating: 0, count: rank)
        var off = offset
        while true {
            body(off)
            var d = rank - 1
            while d >= 0 {
                index[d] += 1
                off += strides[d]
                if index[d] < shape[d] { break }
                off -= strides[d] * shape[d]
                index[d] = 0
                d -= 1
            }
            if d < 0 { return }
        }
    }

    /// Mirrors Tensor.item(): the one element as a Python number.
    package func item() throws -> Scalar {
        guard count == 1 else { throw TensorError.runtime(Messages.itemOfMany(count)) }
        return scalar(at: [Int](repeating: 0, count: rank))
    }
}
