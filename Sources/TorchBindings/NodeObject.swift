import Autograd
import Interpreter
import PythonSyntax

/// A grad_fn node as Python sees it: name(), next_functions, metadata, variable, the
/// saved values; printed as `<AddBackward0 object at 0x7f...>` with a stable pseudo-address.
final class NodeObject: PyObject {
    let node: Node
    private let metadata = PyDict()

    private init(_ node: Node) { self.node = node }

    /// The node's `wrapper` points here only while this object lives.
    deinit { node.wrapper = nil }

    static func wrap(_ node: Node?) -> Value {
        guard let node else { return .none }
        if let existing = node.wrapper as? NodeObject { return .object(existing) }
        let object = NodeObject(node)
        node.wrapper = object
        return .object(object)
    }

    var typeName: String { node.className }

    /// `torch.autograd.graph.Node`: every grad_fn is an instance (isinstance), none can be made.
    static let nodeClass = TypeObject("Node") { _, _ in throw PyError.type("cannot create 'Node' instances") }

    func isInstance(of cls: PyObject) -> Bool { cls === NodeObject.nodeClass }

    /// A saved non-tensor value as Python sees it (a wrapped number is a 0-d tensor).
    static func value(_ attribute: SavedAttribute) -> Value {
        switch attribute {
        case .int(let i): return .int(i)
        case .ints(let list): return .tuple(list.map { .int($0) })
        case .bool(let b): return .bool(b)
        case .number(let s): return Convert.value(s)
        case .wrappedNumber(let s): return (try? NDArray.from(.scalar(s))).map { TensorObject.wrap(Tensor($0)) } ?? Convert.value(s)
        case .string(let text): return .string(text)
        case .none: return Value.none
        }
    }

    /// Wraps a hook's gradients for Python: a tuple with None where there is none.
    private static func tuple(_ grads: [Tensor?]) -> Value { .tuple(grads.map { $0.map { TensorObject.wrap($0) } ?? Value.none }) }

    /// What a hook returned: None (keep), or a tuple/list of tensors and None of the right length.
    private static func replacement(_ result: Value, count: Int, _ what: String, _ interp: Interpreter) throws -> [Tensor?]? {
        if case .none = result { return nil }
        let items = try interp.materialize(result)
        guard items.count == count else {
            throw PyError.runtime("hook '\(what)' has returned an incorrect number of values (got \(items.count), but expected \(count))")
        }
        return try items.map { item in
            if case .none = item { return nil }
            guard let t = Convert.tensor(item) else { throw PyError.type("hook must return None or a tuple of Tensors") }
            return t
        }
    }

    func repr(_ interp: Interpreter) throws -> String { "<\(node.reprName) object at \(PseudoAddress.of(node: node))>" }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "name": return .builtin(Builtin("name") { _, _ in .string(self.node.name) })
        case "next_functions":
            return .tuple(node.nextFunctions.map { .tuple([NodeObject.wrap($0.node), .int($0.inputNr)]) })
        case "metadata": return .dict(metadata)
        case "register_prehook":
            return .builtin(Builtin("register_prehook") { a, i in
                guard let hook = a.positional.first else { throw PyError.type("register_prehook() missing 1 required positional argument: 'fn'") }
                let count = self.node.outputCount
                return .object(HookHandle(self.node.registerPrehook { grads in
                    try NodeObject.replacement(try i.call(hook, Arguments([NodeObject.tuple(grads)])), count: count, "register_prehook", i)
                }))
            })
        case "register_hook":
            return .builtin(Builtin("register_hook") { a, i in
                guard let hook = a.positional.first else { throw PyError.type("register_hook() missing 1 required positional argument: 'fn'") }
                let count = self.node.nextFunctions.count
                return .object(HookHandle(self.node.registerHook { inputs, outputs in
                    var padded = inputs
                    while padded.count < count { padded.append(nil) }
                    return try NodeObject.replacement(try i.call(hook, Arguments([NodeObject.tuple(padded), NodeObject.tuple(outputs)])),
                                                      count: count, "register_hook", i)
                }))
            })
        case "variable":
            guard let acc = node as? AccumulateGrad else { return nil }
            return TensorObject.wrap(acc.variable)
        case "__class__":
            return .object(TypeObject(node.className) { _, _ in throw PyError.type("cannot create '\(self.node.className)' instances") })
        default:
            if name.hasPrefix("_saved_") {
                if let attribute = node.savedAttributes.first(where: { $0.name == name }) { return NodeObject.value(attribute.value) }
                guard let entry = node.savedValues.first(where: { $0.name == name }) else { return nil }
                guard let value = entry.value else {
                    throw PyError.runtime("Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.")
                }
                // A saved input is the tensor itself (`x is y.grad_fn._saved_self`); a saved
                // output is a new tensor object, as in PyTorch.
                if let source = node.savedTensor(named: name), source.gradFn !== node, source.data.storage === value.storage {
                    return TensorObject.wrap(source)
                }
                // A saved output unpacks as a new tensor whose grad_fn is this node (PyTorch's
                // SavedVariable of an output).
                if name == "_saved_result" { return TensorObject.wrap(Tensor(value, gradFn: node)) }
                return TensorObject.wrap(Tensor(value))
            }
            return nil
        }
    }

    func hashKey() throws -> HashKey? { nil }
    func attributeNames() -> [String] {
        ["name", "next_functions", "metadata", "register_hook", "register_prehook"] + (node is AccumulateGrad ? ["variable"] : []) + node.savedValues.map(\.name) + node.savedAttributes.map(\.name)
    }
}
