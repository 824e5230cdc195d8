/// Array helpers the few formulas that look at raw values use (whether a factor is zero).
extension NDArray {
    func compared(_ op: ComparisonOp, _ value: Double) throws -> NDArray {
        try NDArray.compare(op, .array(self), .scalar(.double(value)))
    }
}
