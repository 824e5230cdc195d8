import Autograd
import Inspection
import Interpreter
import PythonSyntax
import TorchBindings

/// A program run by the real interpreter, and its tensors looked up by expression, with
/// the context the shell's views would give the Inspection layer.
final class World {
    let interp = Interpreter()

    init(_ code: String) throws {
        TorchRuntime.install(into: interp)
        try run(code)
    }

    func run(_ code: String) throws {
        try interp.run(source: Source(name: "<world>", text: code))
    }

    func tensor(_ expression: String) throws -> Tensor {
        let value = try interp.evaluate(try Parser.parseExpression(Source(text: expression)))
        guard let t = ViewBridge.tensor(value) else { throw PyError.type("\(expression) is not a tensor") }
        return t
    }

    var context: GraphContext {
        var named: [(name: String, tensor: Tensor)] = []
        for (name, value) in interp.globals.names.sorted(by: { $0.key < $1.key }) {
            named.append(contentsOf: ViewBridge.namedTensors(value, name: name))
        }
        return GraphContext(named: named, sites: { [interp] site in
            guard let (source, offset) = interp.location(ofSite: site) else { return nil }
            let line = source.location(of: offset).line
            return SiteDescription(label: "line \(line)", code: source.line(line))
        })
    }

    /// The 1-based line of a creation site in this world's sources.
    func line(_ site: Int) -> Int? {
        interp.location(ofSite: site).map { $0.source.location(of: $0.offset).line }
    }
}

func close(_ a: NDArray, _ b: NDArray, tolerance: Double = 1e-5) -> Bool {
    guard a.shape == b.shape else { return false }
    return zip(a.scalars, b.scalars).allSatisfy { x, y in
        abs(x.doubleValue - y.doubleValue) <= tolerance * max(1, abs(x.doubleValue), abs(y.doubleValue))
    }
}

func bytes(_ a: NDArray) -> [UInt8] {
    let c = a.contiguousCopy()
    return Array(UnsafeRawBufferPointer(start: c.baseAddress, count: c.count * c.dtype.itemSize))
}
