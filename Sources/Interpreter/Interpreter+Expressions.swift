import BigInt
import PythonSyntax

extension Interpreter {
    func eval(_ expr: Expr, in env: Environment) throws -> Value {
        switch expr.kind {
        case .name(let n):
            if let v = env.lookup(n) { return v }
            if let v = builtins[n.text] { return v }
            throw PyError("NameError", "name '\(n.text)' is not defined", span: expr.span)
        case .int(let text):
            if let i = Int(text) { return .int(i) }
            return .integer(BigInt(text)!)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        case .fstring(let parts): return .string(try renderFString(parts, in: env))
        case .bool(let b): return .bool(b)
        case .none: return .none
        case .ellipsis: return .ellipsis
        case .list(let items): return .list(PyList(try evalItems(items, in: env)))
        case .tuple(let items): return .tuple(try evalItems(items, in: env))
        case .dict(let pairs):
            let d = PyDict()
            for (k, v) in pairs { try d.set(try eval(k, in: env), try eval(v, in: env)) }
            return .dict(d)
        case .listComp(let element, let clauses):
            let scope = Environment(parent: env)
            var out: [Value] = []
            try comprehend(clauses, 0, scope) { out.append(try self.eval(element, in: scope)) }
            return .list(PyList(out))
        case .dictComp(let key, let value, let clauses):
            let scope = Environment(parent: env)
            let out = PyDict()
            try comprehend(clauses, 0, scope) { try out.set(try self.eval(key, in: scope), try self.eval(value, in: scope)) }
            return .dict(out)
        case .unary(let op, let operand):
            return try unary(op, try eval(operand, in: env))
        case .binary(let op, let l, let r):
            let left = try eval(l, in: env)
            let right = try eval(r, in: env)
            return try binary(op, left, right)
        case .and(let l, let r):
            let left = try eval(l, in: env)
            return try truth(left) ? try eval(r, in: env) : left
        case .or(let l, let r):
            let left = try eval(l, in: env)
            return try truth(left) ? left : try eval(r, in: env)
        case .compare(let first, let rest):
            var left = try eval(first, in: env)
            for (op, rightExpr) in rest {
                let right = try eval(rightExpr, in: env)
                let result = try compare(op, left, right)
                if rest.count == 1 { return result }
                if !(try truth(result)) { return result }
                left = right
            }
            return .bool(true)
        case .conditional(let test, let body, let orElse):
            return try truth(try eval(test, in: env)) ? try eval(body, in: env) : try eval(orElse, in: env)
        case .call(let calleeExpr, let argExprs):
            let callee: Value
            if case .name(let n) = calleeExpr.kind, n.text == "super" {
                if argExprs.isEmpty { return try makeSuper(in: env) }
                // super(Class, self), the Python 2 spelling older PyTorch code still uses.
                if argExprs.count == 2, case .positional(let classExpr) = argExprs[0], case .positional(let selfExpr) = argExprs[1] {
                    guard case .object(let o) = try eval(classExpr, in: env), let cls = o as? PyClass else {
                        throw PyError.type("super() argument 1 must be a type")
                    }
                    return .object(SuperProxy(cls: cls, receiver: try eval(selfExpr, in: env)))
                }
            }
            callee = try eval(calleeExpr, in: env)
            var args = Arguments()
            for a in argExprs {
                switch a {
                case .positional(let e): args.positional.append(try eval(e, in: env))
                case .keyword(let k, let e): args.keywords.append((k, try eval(e, in: env)))
                case .star(let e): args.positional += try materialize(try eval(e, in: env))
                case .doubleStar(let e):
                    guard case .dict(let d) = try eval(e, in: env) else { throw PyError.type("argument after ** must be a mapping") }
                    for (k, v) in d.pairs {
                        guard case .string(let name) = k else { throw PyError.type("keywords must be strings") }
                        args.keywords.append((name, v))
                    }
                }
            }
            return try call(callee, args)
        case .attribute(let objectExpr, let name):
            return try getAttribute(try eval(objectExpr, in: env), name)
        case .subscript(let objectExpr, let indexExpr):
            let object = try eval(objectExpr, in: env)
            return try getItem(object, try eval(indexExpr, in: env))
        case .slice(let lower, let upper, let step):
            return .slice(try lower.map { try eval($0, in: env) } ?? Value.none, try upper.map { try eval($0, in: env) } ?? Value.none,
                          try step.map { try eval($0, in: env) } ?? Value.none)
        case .starred:
            throw PyError("SyntaxError", "can't use starred expression here")
        }
    }

    func evalItems(_ items: [Expr], in env: Environment) throws -> [Value] {
        var out: [Value] = []
        for item in items {
            if case .starred(let inner) = item.kind {
                out += try materialize(try eval(inner, in: env))
            } else {
                out.append(try eval(item, in: env))
            }
        }
        return out
    }

    func comprehend(_ clauses: [Comprehension], _ k: Int, _ scope: Environment, _ body: () throws -> Void) throws {
        if k == clauses.count { return try body() }
        let clause = clauses[k]
        let iterator = try iterate(try eval(clause.iterable, in: k == 0 ? scope.parent! : scope))
        outer: while let item = try iterator.next() {
            try assign(clause.target, item, in: scope)
            for condition in clause.conditions where !(try truth(try eval(condition, in: scope))) { continue outer }
            try comprehend(clauses, k + 1, scope, body)
        }
    }

    func makeSuper(in env: Environment) throws -> Value {
        guard case .object(let o)? = env.lookup("__class__"), let cls = o as? PyClass else {
            throw PyError.runtime("super(): __class__ cell not found")
        }
        // The receiver is the method's first parameter (named self by convention).
        guard let receiver = env.lookup("self") else { throw PyError.runtime("super(): no arguments") }
        return .object(SuperProxy(cls: cls, receiver: receiver))
    }

    func renderFString(_ parts: [FStringPart], in env: Environment) throws -> String {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .field(let e, let conversion, let specParts):
                var value = try eval(e, in: env)
                let spec = try renderFString(specParts, in: env)
                switch conversion {
                case "r": value = .string(try repr(value))
                case "s": value = .string(try str(value))
                case "a": value = .string(try repr(value))
                default: break
                }
                out += try format(value, spec)
            }
        }
        return out
    }

    // MARK: Attributes and items

    package func getAttribute(_ object: Value, _ name: String, orNil: Bool = false) throws -> Value? {
        if let v = try lookupAttribute(object, name) { return v }
        if orNil { return nil }
        return nil
    }

    package func getAttribute(_ object: Value, _ name: String) throws -> Value {
        if let v = try lookupAttribute(object, name) { return v }
        if case .object(let o) = object, o is ModuleObject {
            throw PyError.attribute("module '\((o as! ModuleObject).name)' has no attribute '\(name)'")
        }
        if case .object(let o) = object, let cls = o as? PyClass {
            throw PyError.attribute("type object '\(cls.name)' has no attribute '\(name)'")
        }
        throw PyError.attribute("'\(typeName(object))' object has no attribute '\(name)'")
    }

    func lookupAttribute(_ object: Value, _ name: String) throws -> Value? {
        switch object {
        case .object(let o): return try o.getAttribute(name, self)
        default: return try builtinMethod(object, name)
        }
    }

    package func setAttribute(_ object: Value, _ name: String, _ value: Value) throws {
        if case .object(let o) = object, try o.setAttribute(name, value, self) { return }
        throw PyError.attribute("'\(typeName(object))' object has no attribute '\(name)'")
    }

    package func getItem(_ object: Value, _ index: Value) throws -> Value {
        switch object {
        case .list(let l): return try sequenceItem(l.items, index, what: "list") { .list(PyList($0)) }
        case .tuple(let items): return try sequenceItem(items, index, what: "tuple") { .tuple($0) }
        case .string(let s):
            let chars = s.map { Value.string(String($0)) }
            return try sequenceItem(chars, index, what: "string") { .string($0.map { if case .string(let c) = $0 { c } else { "" } }.joined()) }
        case .dict(let d):
            guard let v = try d.get(index) else { throw PyError.key(try repr(index)) }
            return v
        case .object(let o):
            if let v = try o.getItem(index, self) { return v }
            throw PyError.type("'\(o.typeName)' object is not subscriptable")
        default:
            throw PyError.type("'\(typeName(object))' object is not subscriptable")
        }
    }

    func sequenceItem(_ items: [Value], _ index: Value, what: String, rebuild: ([Value]) -> Value) throws -> Value {
        if case .slice(let lo, let hi, let st) = index {
            return rebuild(try slice(items, lo, hi, st))
        }
        let i = try normalizeIndex(index, count: items.count, what: what)
        return items[i]
    }

    package func normalizeIndex(_ index: Value, count: Int, what: String) throws -> Int {
        guard let raw = try asIndex(index) else {
            throw PyError.type("\(what) indices must be integers or slices, not \(typeName(index))")
        }
        let i = raw < 0 ? raw + count : raw
        guard i >= 0 && i < count else { throw PyError.index("\(what) index out of range") }
        return i
    }

    /// An int-like value as an index (ints, bools, and objects that stand for ints).
    package func asIndex(_ v: Value) throws -> Int? {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .object(let o):
            if let n = try o.asNumber(self), case .int(let i) = n { return i }
            return nil
        default: return nil
        }
    }

    /// Python's slice semantics over a sequence.
    package func slice<T>(_ items: [T], _ lo: Value, _ hi: Value, _ st: Value) throws -> [T] {
        let (start, stop, step) = try sliceBounds(count: items.count, lo, hi, st)
        var out: [T] = []
        var i = start
        while step > 0 ? i < stop : i > stop {
            out.append(items[i])
            i += step
        }
        return out
    }

    package func sliceBounds(count: Int, _ lo: Value, _ hi: Value, _ st: Value) throws -> (Int, Int, Int) {
        let step = try optionalInt(st) ?? 1
        guard step != 0 else { throw PyError.value("slice step cannot be zero") }
        func clamp(_ v: Int?, _ defaultValue: Int) -> Int {
            guard var v else { return defaultValue }
            if v < 0 { v += count }
            if step > 0 { return min(max(v, 0), count) }
            return min(max(v, -1), count - 1)
        }
        let start = clamp(try optionalInt(lo), step > 0 ? 0 : count - 1)
        let stop = clamp(try optionalInt(hi), step > 0 ? count : -1)
        return (start, stop, step)
    }

    func optionalInt(_ v: Value) throws -> Int? {
        if case .none = v { return nil }
        guard let i = try asIndex(v) else {
            throw PyError.type("slice indices must be integers or None or have an __index__ method")
        }
        return i
    }

    package func setItem(_ object: Value, _ index: Value, _ value: Value) throws {
        switch object {
        case .list(let l):
            if case .slice(let lo, let hi, let st) = index {
                let (start, stop, step) = try sliceBounds(count: l.items.count, lo, hi, st)
                guard step == 1 else { throw PyError.value("extended slice assignment is not supported") }
                l.items.replaceSubrange(start..<max(start, stop), with: try materialize(value))
                return
            }
            l.items[try normalizeIndex(index, count: l.items.count, what: "list assignment")] = value
        case .dict(let d): try d.set(index, value)
        case .object(let o):
            if try o.setItem(index, value, self) { return }
            throw PyError.type("'\(o.typeName)' object does not support item assignment")
        default:
            throw PyError.type("'\(typeName(object))' object does not support item assignment")
        }
    }
}

/// A module namespace (`torch`, `torch.nn`, ...): named attributes.
package final class ModuleObject: PyObject {
    package let name: String
    package var attributes: [String: Value]

    package init(name: String, attributes: [String: Value] = [:]) {
        self.name = name
        self.attributes = attributes
    }

    package var typeName: String { "module" }
    package func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        if n == "__name__" { return .string(name) }
        return attributes[n]
    }
    package func setAttribute(_ n: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        attributes[n] = value
        return true
    }
    package func repr(_ interp: Interpreter) throws -> String { "<module '\(name)'>" }
    package func attributeNames() -> [String] { Array(attributes.keys) }
}
