import Autograd
import Interpreter

extension OpDeclarations {
    /// cumsum, cumprod and flip.
    static let cumulative: [OpDeclaration] = [
        OpDeclaration("cumsum", "input, dim, *, dtype=None",
                      summary: "Running sums along dim (integers and bool sum as int64).",
                      example: "cumsum(tensor([1, 2, 3]), dim=0)") { t, b, i in
            TensorMethods.wrap(try t.cumsum(dim: try Convert.requireInt(b["dim"], "cumsum", "dim", i), dtype: try Convert.dtype(b["dtype"], i)))
        },
        OpDeclaration("cumprod", "input, dim, *, dtype=None",
                      summary: "Running products along dim (integers and bool multiply as int64).",
                      example: "cumprod(tensor([1., 2., 3.]), dim=0)") { t, b, i in
            TensorMethods.wrap(try t.cumprod(dim: try Convert.requireInt(b["dim"], "cumprod", "dim", i), dtype: try Convert.dtype(b["dtype"], i)))
        },
        OpDeclaration("flip", "input, *args, dims=None",
                      summary: "The elements in reverse order along each of dims.",
                      example: "flip(arange(4), [0])") { t, b, i in
            let dims = try b["dims"].map { try Convert.dims($0, i) ?? [] } ?? Convert.shape(b.variadic, i)
            return TensorMethods.wrap(try t.flip(dims: dims))
        },
    ]
}
