import TensorCore

/// What torch.save writes and torch.load gives back, independent of the language: plain
/// Python values, containers, and tensors over shared storages.
package indirect enum SavedValue {
    case none
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case list([SavedValue])
    case tuple([SavedValue])
    /// A dict; `ordered` for collections.OrderedDict (a state_dict).
    case dict([(key: SavedValue, value: SavedValue)], ordered: Bool)
    case tensor(NDArray, requiresGrad: Bool)
    /// An nn.Parameter.
    case parameter(NDArray, requiresGrad: Bool)
    /// An object of a class, by module and name, rebuilt without calling its constructor
    /// and given its attributes: `torch.save(model)` of a whole nn.Module. Pickled as
    /// Python pickles an instance (GLOBAL, empty args, NEWOBJ, then BUILD with a dict of
    /// its state); loaded only with weights_only=False.
    case object(module: String, name: String, state: [(key: String, value: SavedValue)])
    /// A value whose attributes are then set by BUILD: a state_dict (an OrderedDict) with its
    /// `_metadata`.
    case built(SavedValue, state: [(key: String, value: SavedValue)])
    /// A str that is one object wherever it appears (an interned Python string, as the
    /// `'version'` key of every `_metadata` entry): pickled once, then through the memo.
    case shared(String)
}

/// A file that cannot be written or read, with the kind of error Python raises for it.
package struct SerializationError: Error, CustomStringConvertible {
    package let kind: String
    package let message: String

    package init(_ kind: String, _ message: String) {
        self.kind = kind
        self.message = message
    }

    static func runtime(_ message: String) -> SerializationError { SerializationError("RuntimeError", message) }
    static func unpickling(_ message: String) -> SerializationError { SerializationError("_pickle.UnpicklingError", message) }

    package var description: String { "\(kind): \(message)" }
}

/// The legacy storage class that names a dtype in a persistent id.
enum StorageClass {
    static let names: [(DType, String)] = [
        (.float32, "FloatStorage"), (.float64, "DoubleStorage"), (.int64, "LongStorage"), (.bool, "BoolStorage"), (.int32, "IntStorage"),
        (.float16, "HalfStorage"), (.bfloat16, "BFloat16Storage"), (.int16, "ShortStorage"), (.int8, "CharStorage"),
        (.uint8, "ByteStorage"),
    ]
    /// Classes PyTorch writes whose dtypes tsh does not hold, with their names for the error.
    static let unsupported: [String: String] = [
        "ComplexFloatStorage": "complex64", "ComplexDoubleStorage": "complex128",
    ]

    static func name(of dtype: DType) -> String { names.first { $0.0 == dtype }!.1 }
    static func dtype(named name: String) -> DType? { names.first { $0.1 == name }?.0 }
}
