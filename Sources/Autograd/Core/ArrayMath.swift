/// Arithmetic on arrays for the backward formulas, so they read like derivatives.yaml.
extension NDArray {
    static func + (a: NDArray, b: NDArray) throws -> NDArray { try binary(.add, .array(a), .array(b)) }
    static func - (a: NDArray, b: NDArray) throws -> NDArray { try binary(.sub, .array(a), .array(b)) }
    static func * (a: NDArray, b: NDArray) throws -> NDArray { try binary(.mul, .array(a), .array(b)) }
    static func / (a: NDArray, b: NDArray) throws -> NDArray { try binary(.div, .array(a), .array(b)) }
    static func + (a: NDArray, b: Double) throws -> NDArray { try binary(.add, .array(a), .scalar(.double(b))) }
    static func - (a: Double, b: NDArray) throws -> NDArray { try binary(.sub, .scalar(.double(a)), .array(b)) }
    static func * (a: NDArray, b: Double) throws -> NDArray { try binary(.mul, .array(a), .scalar(.double(b))) }
    static func * (a: NDArray, b: Scalar) throws -> NDArray { try binary(.mul, .array(a), .scalar(b)) }
    static func / (a: NDArray, b: Double) throws -> NDArray { try binary(.div, .array(a), .scalar(.double(b))) }
    static prefix func - (a: NDArray) throws -> NDArray { try a.unary(.neg) }

    /// Where `condition` holds take self, else zero (masked_fill of the complement).
    func kept(where condition: NDArray) throws -> NDArray {
        try NDArray.where(condition, .array(self), .scalar(.int(0)))
    }

    func compared(_ op: ComparisonOp, _ other: NDArray) throws -> NDArray {
        try NDArray.compare(op, .array(self), .array(other))
    }

    func compared(_ op: ComparisonOp, _ value: Double) throws -> NDArray {
        try NDArray.compare(op, .array(self), .scalar(.double(value)))
    }

    /// A gradient of a reduction, broadcast back over the reduced dimensions.
    func expanded(over reduced: [Int], keepdim: Bool, to shape: [Int]) throws -> NDArray {
        var g = self
        if !keepdim {
            for d in reduced.sorted() { g = try g.unsqueeze(d) }
        }
        return try g.expand(shape)
    }
}
