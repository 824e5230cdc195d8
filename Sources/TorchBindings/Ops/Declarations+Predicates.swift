import Autograd
import Interpreter

extension OpDeclarations {
    /// isnan, isinf, isposinf, isneginf, isfinite (bool results, outside the graph) and nan_to_num.
    static let predicates: [OpDeclaration] = [
        OpDeclaration("isnan", "input", summary: "True where an element is NaN.",
                      example: "isnan(tensor([1., float('nan')]))") { t, _, _ in TensorMethods.wrap(Tensor(t.data.isNaN())) },
        OpDeclaration("isinf", "input", summary: "True where an element is +inf or -inf.",
                      example: "isinf(tensor([1., float('inf')]))") { t, _, _ in TensorMethods.wrap(Tensor(t.data.isInfinite())) },
        OpDeclaration("isposinf", "input", summary: "True where an element is +inf.",
                      example: "isposinf(tensor([float('inf'), -float('inf')]))") { t, _, _ in
            TensorMethods.wrap(Tensor(t.data.isPositiveInfinity()))
        },
        OpDeclaration("isneginf", "input", summary: "True where an element is -inf.",
                      example: "isneginf(tensor([float('inf'), -float('inf')]))") { t, _, _ in
            TensorMethods.wrap(Tensor(t.data.isNegativeInfinity()))
        },
        OpDeclaration("isfinite", "input", summary: "True where an element is neither infinite nor NaN.",
                      example: "isfinite(tensor([1., float('inf'), float('nan')]))") { t, _, _ in TensorMethods.wrap(Tensor(t.data.isFinite())) },
        OpDeclaration("nan_to_num", "input, nan=0.0, posinf=None, neginf=None",
                      summary: "NaN becomes nan, infinities the dtype's largest and lowest values (or posinf, neginf).",
                      example: "nan_to_num(tensor([float('nan'), float('inf')]), posinf=1.0)") { t, b, i in
            TensorMethods.wrap(try t.nanToNum(nan: try Convert.double(b["nan"], i), posinf: try Convert.double(b["posinf"], i),
                                              neginf: try Convert.double(b["neginf"], i)))
        },
    ]
}
