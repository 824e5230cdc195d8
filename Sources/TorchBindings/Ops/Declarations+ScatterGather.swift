import Autograd
import Interpreter

extension OpDeclarations {
    /// gather, scatter and scatter_add, out of place and in place.
    static let scatterGather: [OpDeclaration] = [
        OpDeclaration("gather", "input, dim, index, *, sparse_grad=False",
                      summary: "Picks input[..., index[i], ...] along dim for every position of index.",
                      example: "gather(tensor([[1, 2], [3, 4]]), 1, tensor([[0, 0], [1, 0]]))") { t, b, i in
            if try Convert.bool(b["sparse_grad"], i) == true {
                throw PyError("NotImplementedError", "gather(sparse_grad=True) is not supported by tsh yet")
            }
            return TensorMethods.wrap(try t.gather(dim: try Convert.requireInt(b["dim"], "gather", "dim", i), index: try index(b, "gather", i)))
        },
        OpDeclaration("scatter", "input, dim, index, src=None, *, value=None, reduce=None",
                      summary: "A copy with src (or value) written at index along dim.",
                      example: "zeros(2, 4).scatter(1, tensor([[2], [3]]), 1.5)") { t, b, i in
            TensorMethods.wrap(try scatter(t, b, i, inPlace: false, add: false))
        },
        OpDeclaration("scatter_", "input, dim, index, src=None, *, value=None, reduce=None", forms: .method,
                      summary: "Writes src (or value) at index along dim, in place.",
                      example: "zeros(3, 5).scatter_(0, tensor([[0, 1, 2, 0]]), ones(2, 5))") { t, b, i in
            TensorMethods.wrap(try scatter(t, b, i, inPlace: true, add: false))
        },
        OpDeclaration("scatter_add", "input, dim, index, src",
                      summary: "A copy with src added at index along dim (repeated indices add up).",
                      example: "zeros(3).scatter_add(0, tensor([2, 2]), tensor([0.5, 0.25]))") { t, b, i in
            TensorMethods.wrap(try scatter(t, b, i, inPlace: false, add: true))
        },
        OpDeclaration("scatter_add_", "input, dim, index, src", forms: .method,
                      summary: "Adds src at index along dim, in place (repeated indices add up).",
                      example: "zeros(5).scatter_add_(0, tensor([0, 1, 0]), ones(3))") { t, b, i in
            TensorMethods.wrap(try scatter(t, b, i, inPlace: true, add: true))
        },
    ]

    private static func index(_ b: BoundArguments, _ function: String, _ i: Interpreter) throws -> NDArray {
        guard let index = b["index"].flatMap(Convert.tensor) else {
            throw PyError.type("\(function)(): argument 'index' (position 3) must be Tensor, not \(b["index"].map { i.typeName($0) } ?? "NoneType")")
        }
        return index.data
    }

    /// scatter / scatter_ / scatter_add / scatter_add_: a source tensor or a number, with an
    /// optional reduce ('add' or 'multiply', not differentiable).
    private static func scatter(_ t: Tensor, _ b: BoundArguments, _ i: Interpreter, inPlace: Bool, add: Bool) throws -> Tensor {
        let name = (add ? "scatter_add" : "scatter") + (inPlace ? "_" : "")
        let dim = try Convert.requireInt(b["dim"], name, "dim", i)
        let idx = try index(b, name, i)
        let given = b["src"] ?? b["value"]
        guard let given else { throw PyError.type("\(name)() missing 1 required positional argument: 'src'") }
        let reduce: NDArray.ScatterReduce
        switch b["reduce"] {
        case nil: reduce = add ? .add : .replace
        case .string("add")?: reduce = .add
        case .string("multiply")?: reduce = .multiply
        case let other?:
            throw PyError.runtime("reduce argument must be either add or multiply, got \((try? i.str(other)) ?? "?")")
        }
        if let source = Convert.tensor(given) {
            if reduce == .multiply || (reduce == .add && !add) {
                return try t.scatterReduced(dim: dim, index: idx, source: .tensor(source), reduce: reduce, inPlace: inPlace)
            }
            if inPlace {
                try t.scatterInPlace(dim: dim, index: idx, source: source, add: add)
                return t
            }
            return add ? try t.scatterAdd(dim: dim, index: idx, source: source) : try t.scatter(dim: dim, index: idx, source: source)
        }
        guard !add, let value = Convert.scalar(given) else {
            throw PyError.type("\(name)(): argument 'src' must be Tensor, not \(i.typeName(given))")
        }
        if reduce != .replace {
            return try t.scatterReduced(dim: dim, index: idx, source: .scalar(value), reduce: reduce, inPlace: inPlace)
        }
        if inPlace {
            try t.scatterInPlace(dim: dim, index: idx, value: value)
            return t
        }
        return try t.scatter(dim: dim, index: idx, value: value)
    }
}
