import Autograd
import Interpreter

extension OpDeclarations {
    /// amax and amin over any number of dims.
    static let extremes: [OpDeclaration] = [true, false].map { largest in
        let name = largest ? "amax" : "amin"
        return OpDeclaration(name, "input, dim=(), keepdim=False",
                             summary: largest ? "Largest values over dims (all dims when none); ties share the gradient."
                                              : "Smallest values over dims (all dims when none); ties share the gradient.",
                             example: "\(name)(randn(2, 3, 4), dim=(0, 2))") { t, b, i in
            TensorMethods.wrap(try t.amax(dims: try Convert.dims(b["dim"], i) ?? [], keepdim: try Convert.bool(b["keepdim"], i) ?? false,
                                          largest: largest))
        }
    }
}
