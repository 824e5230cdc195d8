import Autograd
import Interpreter

extension OpDeclarations {
    /// new_ones, new_zeros, new_empty, new_full, new_tensor: new tensors with this tensor's
    /// dtype (and device) unless told otherwise.
    static let factoriesLike: [OpDeclaration] = [
        OpDeclaration("new_ones", "input, *size, dtype=None, device=None, requires_grad=False", forms: .method,
                      summary: "Ones of the given size, with this tensor's dtype.", example: "x.new_ones(2, 3)") { t, b, i in
            try made(t, b, i) { try NDArray.ones(try Convert.shape(b.variadic, i), dtype: $0) }
        },
        OpDeclaration("new_zeros", "input, *size, dtype=None, device=None, requires_grad=False", forms: .method,
                      summary: "Zeros of the given size, with this tensor's dtype.", example: "x.new_zeros(2)") { t, b, i in
            try made(t, b, i) { try NDArray.zeros(try Convert.shape(b.variadic, i), dtype: $0) }
        },
        OpDeclaration("new_empty", "input, *size, dtype=None, device=None, requires_grad=False", forms: .method,
                      summary: "An uninitialised tensor of the given size (tsh fills it with zeros), with this tensor's dtype.",
                      example: "x.new_empty((2, 2))") { t, b, i in
            try made(t, b, i) { try NDArray.empty(try Convert.shape(b.variadic, i), dtype: $0) }
        },
        OpDeclaration("new_full", "input, size, fill_value, *, dtype=None, device=None, requires_grad=False", forms: .method,
                      summary: "fill_value everywhere, with this tensor's dtype.", example: "x.new_full((2,), 7)") { t, b, i in
            guard let value = b["fill_value"].flatMap(Convert.scalar) else {
                throw PyError.type("new_full(): argument 'fill_value' must be Number")
            }
            return try made(t, b, i) { try NDArray.full(try Convert.shape([b.required("size")], i), value, dtype: $0) }
        },
        OpDeclaration("new_tensor", "input, data, *, dtype=None, device=None, requires_grad=False", forms: .method,
                      summary: "A copy of data as a tensor with this tensor's dtype.", example: "x.new_tensor([1, 2, 3])") { t, b, i in
            try made(t, b, i) { dtype in
                if let source = b["data"].flatMap(Convert.tensor) { return source.data.converted(to: dtype) }
                return try NDArray.from(try Convert.nested(b.required("data"), i)).converted(to: dtype)
            }
        },
    ]

    /// A new leaf of `dtype=` (default: t's), on the CPU, with `requires_grad=`.
    private static func made(_ t: Tensor, _ b: BoundArguments, _ i: Interpreter, _ make: (DType) throws -> NDArray) throws -> Value {
        try Convert.requireCPU(b["device"], i)
        let data = try make(try Convert.dtype(b["dtype"], i) ?? t.dtype)
        return Convert.wrap(try Tensor.leaf(data, requiresGrad: try Convert.bool(b["requires_grad"], i) ?? false))
    }
}
