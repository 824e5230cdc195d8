/// `copy.copy` and `copy.deepcopy`. A deep copy keeps sharing as it found it (a memo by
/// identity, so an object met twice is copied once); torch objects copy themselves
/// (DeepCopyable); other objects without state of their own are returned as they are.
package protocol DeepCopyable: PyObject {
    func deepCopy(_ copier: DeepCopier, _ interp: Interpreter) throws -> Value
}

package final class DeepCopier {
    private var memo: [ObjectIdentifier: Value] = [:]
    unowned let interp: Interpreter

    init(_ interp: Interpreter) { self.interp = interp }

    /// The copy already made of `object`, if any.
    package func copied(_ object: AnyObject) -> Value? { memo[ObjectIdentifier(object)] }
    /// Records `copy` as the copy of `object` (before its contents are copied, so cycles end).
    package func remember(_ object: AnyObject, _ copy: Value) { memo[ObjectIdentifier(object)] = copy }

    package func copy(_ v: Value) throws -> Value {
        try interp.nested("while deep-copying an object") { try copyValue(v) }
    }

    private func copyValue(_ v: Value) throws -> Value {
        switch v {
        case .list(let l):
            if let done = copied(l) { return done }
            let out = PyList([])
            remember(l, .list(out))
            out.items = try l.items.map(copy)
            return .list(out)
        case .tuple(let items): return .tuple(try items.map(copy))
        case .dict(let d):
            if let done = copied(d) { return done }
            let out = PyDict()
            out.flavor = d.flavor
            remember(d, .dict(out))
            for (k, value) in d.pairs { try out.set(try copy(k), try copy(value)) }
            return .dict(out)
        case .object(let o):
            if let done = copied(o) { return done }
            if let s = o as? SetObject {
                let out = try SetObject(try s.elements.map(copy), frozen: s.frozen)
                remember(o, .object(out))
                return .object(out)
            }
            if let instance = o as? PyInstance {
                let out = PyInstance(cls: instance.cls)
                remember(o, .object(out))
                for (k, value) in instance.attributes { out.attributes[k] = try copy(value) }
                return .object(out)
            }
            if let c = o as? DeepCopyable {
                let out = try c.deepCopy(self, interp)
                remember(o, out)
                return out
            }
            return v
        default: return v
        }
    }
}

extension Interpreter {
    func makeCopyModule() -> ModuleObject {
        let m = ModuleObject(name: "copy")
        m.attributes["deepcopy"] = .builtin(Builtin("deepcopy", qualifiedName: "copy.deepcopy") { a, i in
            guard let x = a.positional.first else { throw PyError.type("deepcopy() missing 1 required positional argument: 'x'") }
            return try DeepCopier(i).copy(x)
        })
        m.attributes["copy"] = .builtin(Builtin("copy", qualifiedName: "copy.copy") { a, i in
            guard let x = a.positional.first else { throw PyError.type("copy() missing 1 required positional argument: 'x'") }
            switch x {
            case .list(let l): return .list(PyList(l.items))
            case .dict(let d):
                let out = try PyDict(d.pairs)
                out.flavor = d.flavor
                return .dict(out)
            case .object(let o):
                if let s = o as? SetObject { return .object(try SetObject(s.elements, frozen: s.frozen)) }
                if let instance = o as? PyInstance {
                    let out = PyInstance(cls: instance.cls)
                    out.attributes = instance.attributes
                    return .object(out)
                }
                return x
            default: return x
            }
        })
        return m
    }
}
