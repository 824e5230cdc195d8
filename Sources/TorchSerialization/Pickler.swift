import TensorCore

/// Pickles a SavedValue with protocol 2 as PyTorch's torch.save does (serialization.md 3):
/// tensors as `_rebuild_tensor_v2` calls over persistent ids, storages numbered in the
/// order they are met, memo slots reused where PyTorch reuses them.
struct Pickler {
    private(set) var out = ByteWriter()
    /// Storages in key order.
    private(set) var storages: [(storage: Storage, dtype: DType)] = []
    private var storageKeys: [ObjectIdentifier: (key: String, slot: Int?)] = [:]
    private var memo = 0
    private var globals: [String: Int] = [:]
    private var constants: [String: Int] = [:]

    init() {}

    mutating func dump(_ value: SavedValue) throws {
        out.u8(0x80)
        out.u8(2)
        try save(value)
        out.append(".")
    }

    private mutating func put() -> Int {
        defer { memo += 1 }
        if memo < 256 {
            out.append("q")
            out.u8(UInt8(memo))
        } else {
            out.append("r")
            out.u32(UInt32(memo))
        }
        return memo
    }

    private mutating func get(_ slot: Int) {
        if slot < 256 {
            out.append("h")
            out.u8(UInt8(slot))
        } else {
            out.append("j")
            out.u32(UInt32(slot))
        }
    }

    private mutating func global(_ module: String, _ name: String) {
        let key = module + " " + name
        if let slot = globals[key] { return get(slot) }
        out.append("c" + module + "\n" + name + "\n")
        globals[key] = put()
    }

    private mutating func string(_ s: String) {
        let bytes = Array(s.utf8)
        out.append("X")
        out.u32(UInt32(bytes.count))
        out.append(bytes)
        _ = put()
    }

    /// 'storage' and 'cpu': one object each in PyTorch, so memoised after their first use.
    private mutating func constant(_ s: String) {
        if let slot = constants[s] { return get(slot) }
        string(s)
        constants[s] = memo - 1
    }

    private mutating func int(_ v: Int64) {
        if v >= 0 && v < 256 {
            out.append("K")
            out.u8(UInt8(v))
        } else if v >= 0 && v < 65536 {
            out.append("M")
            out.u16(UInt16(v))
        } else if v >= Int64(Int32.min) && v <= Int64(Int32.max) {
            out.append("J")
            out.u32(UInt32(bitPattern: Int32(v)))
        } else {
            var bytes = withUnsafeBytes(of: v.littleEndian) { Array($0) }
            while bytes.count > 1 && ((bytes.last == 0 && bytes[bytes.count - 2] & 0x80 == 0) || (bytes.last == 0xFF && bytes[bytes.count - 2] & 0x80 != 0)) {
                bytes.removeLast()
            }
            out.u8(0x8A)
            out.u8(UInt8(bytes.count))
            out.append(bytes)
        }
    }

    /// A tuple is `tupleStart(n)`, its n items, `tupleEnd(n)`.
    private mutating func tupleStart(_ count: Int) {
        if count > 3 { out.append("(") }
    }

    private mutating func tupleEnd(_ count: Int) {
        if count == 0 { return out.append(")") }
        switch count {
        case 1: out.u8(0x85)
        case 2: out.u8(0x86)
        case 3: out.u8(0x87)
        default: out.append("t")
        }
        _ = put()
    }

    /// `_metadata`'s entries ({'version': n}) all hold one interned 'version' string, which
    /// PyTorch's pickle writes once and then takes from the memo.
    static func sharingVersionKeys(_ metadata: SavedValue) -> SavedValue {
        guard case .dict(let entries, let ordered) = metadata else { return metadata }
        return .dict(entries.map { entry in
            guard case .dict(let fields, let fieldsOrdered) = entry.value else { return entry }
            return (key: entry.key, value: .dict(fields.map { field in
                if case .string("version") = field.key { return (key: .shared("version"), value: field.value) }
                return field
            }, ordered: fieldsOrdered))
        }, ordered: ordered)
    }

    private mutating func emptyOrderedDict() {
        global("collections", "OrderedDict")
        out.append(")R")
        _ = put()
    }

    private mutating func items(_ pairs: [(key: SavedValue, value: SavedValue)]) throws {
        for start in stride(from: 0, to: pairs.count, by: 1000) {
            let batch = pairs[start..<min(start + 1000, pairs.count)]
            if batch.count > 1 { out.append("(") }
            for (k, v) in batch {
                try save(k)
                try save(v)
            }
            out.append(batch.count > 1 ? "u" : "s")
        }
    }

    private mutating func save(_ value: SavedValue) throws {
        switch value {
        case .none: out.append("N")
        case .bool(let b): out.u8(b ? 0x88 : 0x89)
        case .int(let v): int(v)
        case .float(let d):
            out.append("G")
            withUnsafeBytes(of: d.bitPattern.bigEndian) { out.bytes.append(contentsOf: $0) }
        case .string(let s): string(s)
        case .tuple(let items):
            tupleStart(items.count)
            for item in items { try save(item) }
            tupleEnd(items.count)
        case .list(let items):
            out.append("]")
            _ = put()
            for start in stride(from: 0, to: items.count, by: 1000) {
                let batch = items[start..<min(start + 1000, items.count)]
                if batch.count > 1 { out.append("(") }
                for item in batch { try save(item) }
                out.append(batch.count > 1 ? "e" : "a")
            }
        case .dict(let pairs, let ordered):
            if ordered {
                emptyOrderedDict()
            } else {
                out.append("}")
                _ = put()
            }
            try items(pairs)
        case .tensor(let array, let requiresGrad): tensor(array, requiresGrad: requiresGrad)
        case .built(let inner, let state):
            try save(inner)
            out.append("}")
            _ = put()
            try items(state.map { (key: SavedValue.string($0.key), value: $0.key == "_metadata" ? Pickler.sharingVersionKeys($0.value) : $0.value) })
            out.append("b")  // BUILD: the attributes (a state_dict's _metadata)
        case .shared(let s): constant(s)
        case .object(let module, let name, let state):
            global(module, name)
            out.append(")")
            out.u8(0x81)  // NEWOBJ: cls.__new__(cls)
            _ = put()
            out.append("}")
            _ = put()
            try items(state.map { (key: SavedValue.string($0.key), value: $0.value) })
            out.append("b")  // BUILD: the instance's __dict__
        case .parameter(let array, let requiresGrad):
            global("torch._utils", "_rebuild_parameter")
            tupleStart(3)
            tensor(array, requiresGrad: false)
            out.u8(requiresGrad ? 0x88 : 0x89)
            emptyOrderedDict()
            tupleEnd(3)
            out.append("R")
            _ = put()
        }
    }

    private mutating func tensor(_ array: NDArray, requiresGrad: Bool) {
        global("torch._utils", "_rebuild_tensor_v2")
        out.append("(")
        persistentID(array)
        int(Int64(array.offset))
        tupleStart(array.rank)
        for d in array.shape { int(Int64(d)) }
        tupleEnd(array.rank)
        tupleStart(array.rank)
        for s in array.strides { int(Int64(s)) }
        tupleEnd(array.rank)
        out.u8(requiresGrad ? 0x88 : 0x89)
        emptyOrderedDict()
        out.append("t")
        _ = put()
        out.append("R")
        _ = put()
    }

    private mutating func persistentID(_ array: NDArray) {
        let id = ObjectIdentifier(array.storage)
        out.append("(")
        constant("storage")
        global("torch", StorageClass.name(of: array.dtype))
        if let known = storageKeys[id], let slot = known.slot {
            get(slot)
        } else {
            let key = String(storages.count)
            string(key)
            storageKeys[id] = (key, memo - 1)
            storages.append((array.storage, array.dtype))
        }
        constant("cpu")
        int(Int64(array.storage.byteCount / array.dtype.itemSize))
        out.append("t")
        _ = put()
        out.append("Q")
    }
}
