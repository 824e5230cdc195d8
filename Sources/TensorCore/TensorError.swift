import CreationSite

/// An error a user can cause, with the kind and message PyTorch gives for it.
///
/// The engine throws these; the one renderer in the language layer prints
/// `RuntimeError: message`.
package struct TensorError: Error, Equatable, CustomStringConvertible {
    package enum Kind: String, Sendable {
        case runtimeError = "RuntimeError"
        case indexError = "IndexError"
        case typeError = "TypeError"
        case valueError = "ValueError"
        case notImplementedError = "NotImplementedError"
        case keyError = "KeyError"
        case zeroDivisionError = "ZeroDivisionError"
        /// Ctrl-C noticed inside a long kernel.
        case keyboardInterrupt = "KeyboardInterrupt"
    }

    package var kind: Kind
    package var message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package static func runtime(_ message: String) -> TensorError { TensorError(.runtimeError, message) }
    package static func index(_ message: String) -> TensorError { TensorError(.indexError, message) }
    package static func type(_ message: String) -> TensorError { TensorError(.typeError, message) }
    package static func value(_ message: String) -> TensorError { TensorError(.valueError, message) }
    package static func notImplemented(_ message: String) -> TensorError { TensorError(.notImplementedError, message) }
    /// A KeyError whose message is the key's repr.
    package static func key(_ repr: String) -> TensorError { TensorError(.keyError, repr) }

    package var description: String { "\(kind.rawValue): \(message)" }

    /// Throws KeyboardInterrupt (and takes the request) when Ctrl-C was pressed: long
    /// kernels call it between chunks.
    package static func checkInterrupt() throws {
        if tsh_interrupt_pending() != 0 {
            tsh_interrupt_clear()
            throw TensorError(.keyboardInterrupt, "")
        }
    }
}

/// PyTorch's messages, word for word, for the errors the engine raises.
package enum Messages {
    package static func shape(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }

    package static func broadcastMismatch(_ a: Int, _ b: Int, dim: Int) -> String {
        "The size of tensor a (\(a)) must match the size of tensor b (\(b)) at non-singleton dimension \(dim)"
    }
    package static func dimOutOfRange(_ dim: Int, rank: Int) -> String {
        let r = max(rank, 1)
        return "Dimension out of range (expected to be in range of [\(-r), \(r - 1)], but got \(dim))"
    }
    package static func invalidView(_ shape: [Int], numel: Int) -> String {
        "shape '\(Messages.shape(shape))' is invalid for input of size \(numel)"
    }
    package static let viewNotCompatible =
        "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead."
    package static func indexOutOfBounds(_ index: Int, dim: Int, size: Int) -> String {
        "index \(index) is out of bounds for dimension \(dim) with size \(size)"
    }
    package static func tooManyIndices(_ rank: Int) -> String { "too many indices for tensor of dimension \(rank)" }
    package static func mmShapes(_ op: String, _ a: [Int], _ b: [Int]) -> String {
        "\(op): mat1 and mat2 shapes cannot be multiplied (\(a[0])x\(a[1]) and \(b[0])x\(b[1]))"
    }
    package static func notImplemented(_ kernel: String, _ dtype: DType) -> String {
        "\"\(kernel)\" not implemented for '\(dtype.scalarTypeName)'"
    }
    package static func cannotCast(_ from: DType, to: DType) -> String {
        "result type \(from.scalarTypeName) can't be cast to the desired output type \(to.scalarTypeName)"
    }
    package static let boolSubtraction =
        "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead."
    package static let boolSubtractionScalar =
        "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."
    package static let boolNegation =
        "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."
    package static let integerNegativePower = "Integers to negative integer powers are not allowed."
    package static let zeroDivision = "ZeroDivisionError"
    package static func itemOfMany(_ numel: Int) -> String {
        "a Tensor with \(numel) elements cannot be converted to Scalar"
    }
}
