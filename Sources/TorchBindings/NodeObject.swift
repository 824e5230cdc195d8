import Autograd
import Interpreter
import PythonSyntax

/// A grad_fn node as Python sees it: name(), next_functions, metadata, variable, the
/// saved values; printed as `<AddBackward0 object at 0x7f...>` with a stable pseudo-address.
final class NodeObject: PyObject {
    let node: Node
    private let metadata = PyDict()

    private init(_ node: Node) { self.node = node }

    static func wrap(_ node: Node?) -> Value {
        guard let node else { return .none }
        if let existing = node.wrapper as? NodeObject { return .object(existing) }
        let object = NodeObject(node)
        node.wrapper = object
        return .object(object)
    }

    var typeName: String { node.className }

    func repr(_ interp: Interpreter) throws -> String { "<\(node.className) object at \(PseudoAddress.of(node: node))>" }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "name": return .builtin(Builtin("name") { _, _ in .string(self.node.name) })
        case "next_functions":
            return .tuple(node.nextFunctions.map { .tuple([NodeObject.wrap($0.node), .int($0.inputNr)]) })
        case "metadata": return .dict(metadata)
        case "variable":
            guard let acc = node as? AccumulateGrad else { return nil }
            return TensorObject.wrap(acc.variable)
        case "__class__":
            return .object(TypeObject(node.className) { _, _ in throw PyError.type("cannot create '\(self.node.className)' instances") })
        default:
            if name.hasPrefix("_saved_") {
                guard let entry = node.savedValues.first(where: { $0.name == name }) else { return nil }
                guard let value = entry.value else {
                    throw PyError.runtime("Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.")
                }
                // A saved input is the tensor itself (`x is y.grad_fn._saved_self`); a saved
                // output is a new tensor object, as in PyTorch.
                if let source = node.savedTensor(named: name), source.gradFn !== node, source.data.storage === value.storage {
                    return TensorObject.wrap(source)
                }
                return TensorObject.wrap(Tensor(value))
            }
            return nil
        }
    }

    func hashKey() throws -> HashKey? { nil }
    func attributeNames() -> [String] {
        ["name", "next_functions", "metadata"] + (node is AccumulateGrad ? ["variable"] : []) + node.savedValues.map(\.name)
    }
}
