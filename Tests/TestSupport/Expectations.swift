import Autograd
import Testing

/// A contiguous array from row-major values (tests only).
package func array(_ values: [Double], _ shape: [Int]? = nil, dtype: DType = .float32) -> NDArray {
    NDArray(values: values.map { .double($0) }, shape: shape ?? [values.count], dtype: dtype)
}

/// An int64 array from row-major values.
package func intArray(_ values: [Int64], _ shape: [Int]? = nil) -> NDArray {
    NDArray(values: values.map { .int($0) }, shape: shape ?? [values.count], dtype: .int64)
}

/// A bool array from row-major values.
package func boolArray(_ values: [Bool], _ shape: [Int]? = nil) -> NDArray {
    NDArray(values: values.map { .bool($0) }, shape: shape ?? [values.count], dtype: .bool)
}

/// The elements of an array as doubles, row-major.
package func values(_ a: NDArray) -> [Double] { a.scalars.map(\.doubleValue) }

/// Expects every element of `actual` within rtol/atol of `expected` (NaN equals NaN).
package func expectClose(_ actual: NDArray, _ expected: [Double], shape: [Int]? = nil,
                         rtol: Double = 1e-5, atol: Double = 1e-6,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    if let shape {
        #expect(actual.shape == shape, "shape", sourceLocation: sourceLocation)
    }
    let got = values(actual)
    #expect(got.count == expected.count, "element count \(got.count) != \(expected.count)", sourceLocation: sourceLocation)
    for (i, (g, e)) in zip(got, expected).enumerated() {
        let ok = (g.isNaN && e.isNaN) || g == e || abs(g - e) <= atol + rtol * abs(e)
        #expect(ok, "element \(i): \(g) is not close to \(e)", sourceLocation: sourceLocation)
    }
}

/// Expects `body` to throw a TensorError of `kind` whose message is exactly `message`.
package func expectTensorError(_ kind: TensorError.Kind, _ message: String,
                               sourceLocation: SourceLocation = #_sourceLocation,
                               _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \(kind.rawValue): \(message)", sourceLocation: sourceLocation)
    } catch let error as TensorError {
        #expect(error.kind == kind, sourceLocation: sourceLocation)
        #expect(error.message == message, sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}
