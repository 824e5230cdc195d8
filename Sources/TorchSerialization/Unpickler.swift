import TensorCore

/// Reads a protocol-2 pickle as torch.load(weights_only=True) does: the opcodes PyTorch
/// writes, and only the globals tsh can build; anything else is refused with the global's name.
struct Unpickler {
    /// What a persistent id resolves to: a storage of a dtype with its element count.
    typealias LoadStorage = (_ key: String, _ dtype: DType, _ count: Int) throws -> Storage

    private enum Item {
        case value(SavedValue)
        case global(String)
        case storage(Storage, DType)
        case tuple([Item])
        case mark
        /// A list or dict under construction: a reference, so that the memo sees the
        /// items APPEND and SETITEMS add after it was memoized (a list named twice in a
        /// file has its items both times), and growing it never copies.
        case list(ListBox)
        case dict(DictBox)
        /// An instance made by NEWOBJ, its state set by BUILD (weights_only=False only).
        case object(ObjectBox)
    }

    final class ObjectBox {
        let module: String, name: String
        var state: [(key: String, value: SavedValue)] = []
        init(module: String, name: String) {
            self.module = module
            self.name = name
        }
    }

    /// Whether instances of any class may be rebuilt (torch.load(weights_only=False)): the
    /// class is named in the result, and the loader decides what it can make of it.
    var allowsObjects = false

    final class ListBox {
        var items: [SavedValue] = []
    }

    /// A dict; `ordered` for an OrderedDict (REDUCE of the global, then SETITEMS, maybe BUILD).
    final class DictBox {
        var pairs: [(key: SavedValue, value: SavedValue)] = []
        /// The attributes BUILD gave an OrderedDict (a state_dict's `_metadata`).
        var attributes: [(key: String, value: SavedValue)]?
        let ordered: Bool
        init(ordered: Bool) { self.ordered = ordered }
    }

    private var reader: ByteReader
    private var stack: [Item] = []
    /// Containers nest at most this deep in a file tsh loads: a deeper one (100,000 nested
    /// tuples from a hostile file) would overflow the stack of every pass that walks it.
    static let maxNesting = 1000
    private var memo: [Int: Item] = [:]
    private let loadStorage: LoadStorage
    /// Objects the nesting checks may still visit. A memo lets a small file name one
    /// container many times (each level twice the one below: 2^60 objects from 2 KB), and
    /// tsh's loaded values do not share; past this many the file is refused, not expanded.
    private let visits = VisitBudget(50_000_000)

    init(_ bytes: [UInt8], loadStorage: @escaping LoadStorage) {
        reader = ByteReader(bytes)
        self.loadStorage = loadStorage
    }

    static let allowedGlobals: Set<String> = [
        "collections OrderedDict", "torch._utils _rebuild_tensor_v2", "torch._utils _rebuild_parameter",
    ]

    private static func weightsOnly(_ detail: String) -> SerializationError {
        .unpickling("Weights only load failed. In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` from `False` to `True`. \(detail)")
    }

    mutating func load() throws -> SavedValue {
        while true {
            let op = try reader.u8()
            switch op {
            case 0x80: _ = try reader.u8()
            case UInt8(ascii: "."):
                guard let last = stack.popLast() else { throw underflow() }
                return try value(last)
            case UInt8(ascii: "c"):
                let module = try line(), name = try line()
                let full = module + " " + name
                if allowsObjects || Unpickler.allowedGlobals.contains(full) || (module == "torch" && (StorageClass.dtype(named: name) != nil || StorageClass.unsupported[name] != nil)) {
                    stack.append(.global(full))
                } else {
                    throw Unpickler.weightsOnly("Unsupported global: GLOBAL \(module).\(name) was not an allowed global by default. tsh loads tensors, Parameters, state_dicts and containers of them.")
                }
            case UInt8(ascii: "q"): memo[Int(try reader.u8())] = stack.last
            case UInt8(ascii: "r"): memo[try reader.u32()] = stack.last
            case UInt8(ascii: "h"): stack.append(try recall(Int(try reader.u8())))
            case UInt8(ascii: "j"): stack.append(try recall(try reader.u32()))
            case UInt8(ascii: "("): stack.append(.mark)
            case UInt8(ascii: ")"): stack.append(.tuple([]))
            case UInt8(ascii: "t"): stack.append(try nest(.tuple(try popToMark())))
            case 0x85, 0x86, 0x87:
                let n = Int(op - 0x84)
                guard stack.count >= n else { throw underflow() }
                let items = Array(stack.suffix(n))
                stack.removeLast(n)
                stack.append(try nest(.tuple(items)))
            case UInt8(ascii: "X"):
                let n = try reader.u32()
                stack.append(.value(.string(String(decoding: try reader.take(n), as: UTF8.self))))
            case UInt8(ascii: "U"):
                let n = Int(try reader.u8())
                stack.append(.value(.string(String(decoding: try reader.take(n), as: UTF8.self))))
            case UInt8(ascii: "K"): stack.append(.value(.int(Int64(try reader.u8()))))
            case UInt8(ascii: "M"): stack.append(.value(.int(Int64(try reader.u16()))))
            case UInt8(ascii: "J"): stack.append(.value(.int(Int64(Int32(truncatingIfNeeded: try reader.uint(4))))))
            case 0x8A:
                let n = Int(try reader.u8())
                let bytes = try reader.take(n)
                guard n <= 8 else { throw SerializationError.unpickling("integer too large for int64") }
                var v: UInt64 = 0
                for (k, b) in bytes.enumerated() { v |= UInt64(b) << (8 * UInt64(k)) }
                if n > 0 && n < 8 && bytes.last! & 0x80 != 0 { v |= ~UInt64(0) << (8 * UInt64(n)) }
                stack.append(.value(.int(Int64(bitPattern: v))))
            case UInt8(ascii: "G"):
                var bits: UInt64 = 0
                for b in try reader.take(8) { bits = bits << 8 | UInt64(b) }
                stack.append(.value(.float(Double(bitPattern: bits))))
            case 0x88: stack.append(.value(.bool(true)))
            case 0x89: stack.append(.value(.bool(false)))
            case UInt8(ascii: "N"): stack.append(.value(.none))
            case UInt8(ascii: "}"): stack.append(.dict(DictBox(ordered: false)))
            case UInt8(ascii: "]"): stack.append(.list(ListBox()))
            case UInt8(ascii: "s"):
                guard stack.count >= 3 else { throw underflow() }
                let v = try value(stack.removeLast()), k = try value(stack.removeLast())
                try insert([(k, v)])
            case UInt8(ascii: "u"):
                let items = try popToMark().map { try value($0) }
                guard items.count % 2 == 0 else { throw SerializationError.unpickling("odd number of items for SETITEMS") }
                try insert(stride(from: 0, to: items.count, by: 2).map { (items[$0], items[$0 + 1]) })
            case UInt8(ascii: "a"):
                guard stack.count >= 2 else { throw underflow() }
                try append([try value(stack.removeLast())])
            case UInt8(ascii: "e"): try append(try popToMark().map { try value($0) })
            case UInt8(ascii: "Q"):
                guard case .tuple(let id)? = stack.popLast(), id.count == 5, case .value(.string("storage")) = id[0],
                      case .global(let cls) = id[1], case .value(.string(let key)) = id[2], case .value(.int(let count)) = id[4] else {
                    throw SerializationError.unpickling("BINPERSID only works with a tuple whose first item is 'storage'")
                }
                let name = String(cls.dropFirst("torch ".count))
                guard let dtype = StorageClass.dtype(named: name) else {
                    throw SerializationError("TypeError", "tsh cannot load a tensor of dtype torch.\(StorageClass.unsupported[name] ?? name); it has no complex tensors")
                }
                stack.append(.storage(try loadStorage(key, dtype, Int(count)), dtype))
            case UInt8(ascii: "R"): try reduce()
            case 0x81 where allowsObjects:
                guard stack.count >= 2, case .tuple = stack.removeLast(), case .global(let full) = stack.removeLast() else {
                    throw SerializationError.unpickling("NEWOBJ on something that is not a class")
                }
                let parts = full.split(separator: " ", maxSplits: 1).map(String.init)
                stack.append(.object(ObjectBox(module: parts[0], name: parts.count > 1 ? parts[1] : "")))
            case UInt8(ascii: "b"):
                guard stack.count >= 2 else { throw underflow() }
                if case .object(let box) = stack[stack.count - 2] {
                    guard case .dict(let state) = stack.removeLast() else { throw SerializationError.unpickling("BUILD with a state that is not a dict") }
                    box.state = try state.pairs.map { pair in
                        guard case .string(let key) = pair.key else { throw SerializationError.unpickling("BUILD with a non-string attribute name") }
                        return (key, pair.value)
                    }
                    break
                }
                let state = stack.removeLast()
                guard case .dict(let box) = stack.last!, box.ordered else {
                    if case .value(.tensor)? = stack.last { break }
                    if case .value(.parameter)? = stack.last { break }
                    throw SerializationError.unpickling("BUILD on an object tsh cannot build")
                }
                // A state_dict's _metadata (other attributes of an OrderedDict are not kept).
                if case .dict(let attributes) = state {
                    box.attributes = attributes.pairs.compactMap { pair in
                        guard case .string(let key) = pair.key, key == "_metadata" else { return nil }
                        return (key, pair.value)
                    }
                }
            default:
                throw Unpickler.weightsOnly("Unsupported operand \(op)")
            }
        }
    }

    private mutating func line() throws -> String {
        var bytes: [UInt8] = []
        while true {
            let b = try reader.u8()
            if b == 0x0A { break }
            bytes.append(b)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func recall(_ slot: Int) throws -> Item {
        guard let item = memo[slot] else { throw SerializationError.unpickling("Memo value not found at index \(slot)") }
        return item
    }

    private func underflow() -> SerializationError { .unpickling("unpickling stack underflow") }

    private mutating func popToMark() throws -> [Item] {
        guard let mark = stack.lastIndex(where: { if case .mark = $0 { return true } else { return false } }) else {
            throw SerializationError.unpickling("could not find MARK")
        }
        let items = Array(stack[(mark + 1)...])
        stack.removeSubrange(mark...)
        return items
    }

    private func value(_ item: Item) throws -> SavedValue {
        switch item {
        case .value(let v): return v
        case .list(let box): return .list(box.items)
        case .dict(let box):
            guard let attributes = box.attributes, !attributes.isEmpty else { return .dict(box.pairs, ordered: box.ordered) }
            return .built(.dict(box.pairs, ordered: box.ordered), state: attributes)
        case .tuple(let items): return .tuple(try items.map(value))
        case .object(let box): return .object(module: box.module, name: box.name, state: box.state)
        default: throw SerializationError.unpickling("unexpected object in the pickle")
        }
    }

    /// `item` if it nests no deeper than maxNesting, else an error (checked as each
    /// container is made, so nothing deeper is ever built).
    private func nest(_ item: Item) throws -> Item {
        guard try Unpickler.depth(of: item, limit: Unpickler.maxNesting, visits) <= Unpickler.maxNesting else { throw Unpickler.tooDeep }
        return item
    }

    static let tooDeep = SerializationError("RecursionError", "maximum recursion depth exceeded while unpickling: tsh loads containers nested up to \(maxNesting) levels deep")

    /// The nesting depth of an item, counted no further than `limit + 1`.
    private static func depth(of item: Item, limit: Int, _ visits: VisitBudget) throws -> Int {
        switch item {
        case .value(let v): return try depth(of: v, limit: limit, visits)
        case .list(let box): return try depth(of: .list(box.items), limit: limit, visits)
        case .dict(let box): return try depth(of: .dict(box.pairs, ordered: box.ordered), limit: limit, visits)
        case .object(let box): return try depth(of: .object(module: box.module, name: box.name, state: box.state), limit: limit, visits)
        case .tuple(let items):
            guard limit >= 0 else { return 1 }
            try visits.take(items.count)
            return 1 + (try items.map { try depth(of: $0, limit: limit - 1, visits) }.max() ?? 0)
        default: return 0
        }
    }

    static func depth(of value: SavedValue, limit: Int, _ visits: VisitBudget) throws -> Int {
        guard limit >= 0 else { return 1 }
        switch value {
        case .list(let items), .tuple(let items):
            try visits.take(items.count)
            return 1 + (try items.map { try depth(of: $0, limit: limit - 1, visits) }.max() ?? 0)
        case .dict(let pairs, _):
            try visits.take(2 * pairs.count)
            return 1 + (try pairs.map { max(try depth(of: $0.key, limit: limit - 1, visits), try depth(of: $0.value, limit: limit - 1, visits)) }.max() ?? 0)
        case .object(_, _, let state):
            try visits.take(state.count)
            return 1 + (try state.map { try depth(of: $0.value, limit: limit - 1, visits) }.max() ?? 0)
        case .built(let inner, let state):
            try visits.take(state.count)
            return max(try depth(of: inner, limit: limit, visits), 1 + (try state.map { try depth(of: $0.value, limit: limit - 1, visits) }.max() ?? 0))
        default: return 0
        }
    }

    /// Items about to go into a container: an error if they would make it too deep.
    private func checkNesting(_ values: [SavedValue]) throws {
        for v in values where try Unpickler.depth(of: v, limit: Unpickler.maxNesting, visits) >= Unpickler.maxNesting { throw Unpickler.tooDeep }
    }

    private mutating func insert(_ pairs: [(SavedValue, SavedValue)]) throws {
        guard case .dict(let box)? = stack.last else { throw SerializationError.unpickling("SETITEM on something that is not a dict") }
        try checkNesting(pairs.flatMap { [$0.0, $0.1] })
        box.pairs.append(contentsOf: pairs.map { (key: $0.0, value: $0.1) })
    }

    private mutating func append(_ items: [SavedValue]) throws {
        guard case .list(let box)? = stack.last else { throw SerializationError.unpickling("APPEND on something that is not a list") }
        try checkNesting(items)
        box.items.append(contentsOf: items)
    }

    private mutating func reduce() throws {
        guard stack.count >= 2, case .tuple(let args) = stack.removeLast(), case .global(let name) = stack.removeLast() else {
            throw SerializationError.unpickling("REDUCE on something that is not an allowed global")
        }
        switch name {
        case "collections OrderedDict": stack.append(.dict(DictBox(ordered: true)))
        case "torch._utils _rebuild_tensor_v2":
            stack.append(.value(try rebuildTensor(args)))
        case "torch._utils _rebuild_parameter":
            guard args.count >= 2, case .value(.tensor(let array, _)) = args[0], case .value(.bool(let requiresGrad)) = args[1] else {
                throw SerializationError.unpickling("bad arguments to _rebuild_parameter")
            }
            stack.append(.value(.parameter(array, requiresGrad: requiresGrad)))
        default:
            throw Unpickler.weightsOnly("Unsupported global: GLOBAL \(name.replacingOccurrences(of: " ", with: ".")) was not an allowed global by default.")
        }
    }

    /// `_rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)`.
    private func rebuildTensor(_ args: [Item]) throws -> SavedValue {
        let bad = SerializationError.unpickling("bad arguments to _rebuild_tensor_v2")
        guard args.count >= 5, case .storage(let storage, let dtype) = args[0], case .value(.int(let offset)) = args[1],
              case .tuple(let sizeItems) = args[2], case .tuple(let strideItems) = args[3],
              case .value(.bool(let requiresGrad)) = args[4] else { throw bad }
        func ints(_ items: [Item]) throws -> [Int] {
            try items.map { item in
                guard case .value(.int(let v)) = item, v >= 0 else { throw bad }
                return Int(v)
            }
        }
        let shape = try ints(sizeItems), strides = try ints(strideItems)
        let count = storage.byteCount / dtype.itemSize
        guard shape.count == strides.count, offset >= 0 else { throw bad }
        if !shape.contains(0) {
            // Hostile sizes and strides must not overflow: any product past Int64 is out of bounds.
            var last = Int(offset), overflow = false
            for (size, stride) in zip(shape, strides) {
                let (span, o1) = (size - 1).multipliedReportingOverflow(by: stride)
                let (sum, o2) = last.addingReportingOverflow(span)
                overflow = overflow || o1 || o2
                last = sum
            }
            _ = try NDArray.checkedCount(shape)
            guard !overflow, last < count else {
                throw SerializationError.runtime("setStorage: sizes \(shape), strides \(strides), storage offset \(offset), and itemsize \(dtype.itemSize) requiring a storage size of \((last + 1) * dtype.itemSize) are out of bounds for storage of size \(count * dtype.itemSize)")
            }
        }
        return .tensor(NDArray(storage: storage, dtype: dtype, shape: shape, strides: strides, offset: Int(offset)), requiresGrad: requiresGrad)
    }
}

/// How many more objects the unpickler's checks may visit (shared by its passes).
final class VisitBudget {
    private var remaining: Int
    init(_ limit: Int) { remaining = limit }

    func take(_ n: Int) throws {
        remaining -= n
        if remaining < 0 {
            throw SerializationError.unpickling("the file names more than 50,000,000 objects (a container repeated through the memo); tsh refuses to expand it")
        }
    }
}
