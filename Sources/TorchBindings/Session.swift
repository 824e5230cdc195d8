import Autograd
import Interpreter
import PythonSyntax

/// The torch state of one interpreter session: its default generator (torch's global
/// one). Grad mode is thread-local in Autograd, as in PyTorch.
final class Session {
    let generator: Generator

    init() {
        generator = Generator()
        generator.seedNondeterministically()
    }

    static func of(_ interp: Interpreter) -> Session {
        if let s = interp.userInfo["torch.session"] as? Session { return s }
        let s = Session()
        interp.userInfo["torch.session"] = s
        return s
    }

    /// The generator a `generator=` argument names, or the session's default one.
    static func generator(_ value: Value?, _ interp: Interpreter) throws -> Generator {
        guard let value else { return of(interp).generator }
        if case .none = value { return of(interp).generator }
        guard case .object(let o) = value, let g = o as? GeneratorObject else {
            throw PyError.type("generator must be a torch.Generator, not \(interp.typeName(value))")
        }
        return g.generator
    }
}
