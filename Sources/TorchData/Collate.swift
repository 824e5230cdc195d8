import Autograd

/// One dataset item as torch.utils.data.default_collate sees it. `Other` is the language's
/// value type for what the engine does not look into (dict keys, strings, other objects).
package indirect enum CollateItem<Other> {
    case tensor(Tensor)
    case int(Int64)
    case bool(Bool)
    case float(Double)
    case string(Other)
    case sequence([CollateItem<Other>])
    case mapping(keys: [Other], values: [CollateItem<Other>])
    /// Anything else: None, a class instance (default_collate refuses it, naming its type).
    case unsupported(typeName: String)
}

/// The batch default_collate makes.
package indirect enum Collated<Other> {
    case tensor(Tensor)
    case strings([Other])
    case list([Collated<Other>])
    case mapping(keys: [Other], values: [Collated<Other>])
}

/// Mirrors torch.utils.data.default_collate: tensors are stacked, numbers become a tensor
/// (int64, float64, bool), strings stay a list, sequences are collated position by position
/// (as a list), mappings key by key.
package enum Collate {
    package static func collate<Other>(_ batch: [CollateItem<Other>], keyMatches: (Other, Other) -> Bool,
                                      keyRepr: (Other) -> String) throws -> Collated<Other> {
        guard let first = batch.first else { return .list([]) }
        switch first {
        case .tensor:
            let tensors = try batch.enumerated().map { k, item -> Tensor in
                guard case .tensor(let t) = item else { throw mixed(first, item) }
                return t
            }
            return .tensor(try Tensor.stack(tensors))
        case .int, .bool, .float:
            var values: [Scalar] = []
            for item in batch {
                switch item {
                case .int(let i): values.append(.int(i))
                case .bool(let b): values.append(.bool(b))
                case .float(let d): values.append(.double(d))
                default: throw mixed(first, item)
                }
            }
            let dtype: DType
            switch first {
            case .float: dtype = .float64
            case .bool: dtype = values.allSatisfy { if case .bool = $0 { return true } else { return false } } ? .bool : .int64
            default: dtype = values.contains { if case .double = $0 { return true } else { return false } } ? .float32 : .int64
            }
            return .tensor(Tensor(try NDArray.from(.list(values.map { .scalar($0) }), dtype: dtype)))
        case .string:
            return .strings(try batch.map { item in
                guard case .string(let s) = item else { throw mixed(first, item) }
                return s
            })
        case .sequence(let head):
            let rows = try batch.map { item -> [CollateItem<Other>] in
                guard case .sequence(let row) = item else { throw mixed(first, item) }
                guard row.count == head.count else {
                    throw TensorError.runtime("each element in list of batch should be of equal size")
                }
                return row
            }
            return .list(try (0..<head.count).map { k in try collate(rows.map { $0[k] }, keyMatches: keyMatches, keyRepr: keyRepr) })
        case .mapping(let keys, _):
            let columns = try keys.map { key in
                try collate(try batch.map { item -> CollateItem<Other> in
                    guard case .mapping(let itemKeys, let itemValues) = item else { throw mixed(first, item) }
                    guard let k = itemKeys.firstIndex(where: { keyMatches($0, key) }) else { throw TensorError.key(keyRepr(key)) }
                    return itemValues[k]
                }, keyMatches: keyMatches, keyRepr: keyRepr)
            }
            return .mapping(keys: keys, values: columns)
        case .unsupported(let typeName):
            throw TensorError.type("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found <class '\(typeName)'>")
        }
    }

    private static func mixed<Other>(_ first: CollateItem<Other>, _ item: CollateItem<Other>) -> TensorError {
        TensorError.type("default_collate: batch items differ in type: \(name(first)) and \(name(item))")
    }

    private static func name<Other>(_ item: CollateItem<Other>) -> String {
        switch item {
        case .tensor: "Tensor"
        case .int: "int"
        case .bool: "bool"
        case .float: "float"
        case .string: "str"
        case .sequence: "list"
        case .mapping: "dict"
        case .unsupported(let t): t
        }
    }
}
