import PythonSyntax

/// A leaf of an expression read in place (a constant or a variable) instead of through a
/// closure call: operators, calls and assignments take their operands this way, which
/// keeps the common `s + 1`, `f(x, y)`, `x = y` to one virtual call per leaf. Operands are
/// objects, not enum cases, so reading one never copies (and retains) its payload.
class Operand {
    func value(_ f: Frame, _ interp: Interpreter) throws -> Value { fatalError("abstract") }
}

final class ConstantOperand: Operand {
    let constant: Value
    init(_ constant: Value) { self.constant = constant }
    override func value(_ f: Frame, _ interp: Interpreter) throws -> Value { constant }
}

final class LocalOperand: Operand {
    let slot: Int
    let name: Name
    let span: Span
    init(slot: Int, name: Name, span: Span) { self.slot = slot; self.name = name; self.span = span }
    override func value(_ f: Frame, _ interp: Interpreter) throws -> Value {
        if let v = f.slots[slot] { return v }
        throw PyError.unboundLocal(name.text, span: span)
    }
}

final class CellOperand: Operand {
    let cell: Int
    let name: Name
    let span: Span
    /// The scope's own variable (unbound: UnboundLocalError), not an enclosing one's.
    let isOwn: Bool
    init(cell: Int, isOwn: Bool, name: Name, span: Span) {
        self.cell = cell; self.isOwn = isOwn; self.name = name; self.span = span
    }
    override func value(_ f: Frame, _ interp: Interpreter) throws -> Value {
        if let v = f.cells[cell].value { return v }
        throw isOwn ? PyError.unboundLocal(name.text, span: span) : PyError.unboundFree(name.text, span: span)
    }
}

final class GlobalOperand: Operand {
    let slot: GlobalSlot
    let builtin = BuiltinCache()
    let span: Span
    init(slot: GlobalSlot, span: Span) { self.slot = slot; self.span = span }
    override func value(_ f: Frame, _ interp: Interpreter) throws -> Value {
        if let v = slot.value { return v }
        if let v = interp.builtin(named: slot.name.text, cache: builtin) { return v }
        var error = PyError.unboundGlobal(slot.name.text, span: span)
        error.suggestion = interp.nameSuggestion(for: slot.name.text)
        throw error
    }
}

final class CodeOperand: Operand {
    let code: ExprCode
    init(_ code: @escaping ExprCode) { self.code = code }
    override func value(_ f: Frame, _ interp: Interpreter) throws -> Value { try code(f, interp) }
}

/// A simple assignment target written in place; anything else through a closure.
class Target {
    func store(_ f: Frame, _ interp: Interpreter, _ v: Value) throws { fatalError("abstract") }
}

final class LocalTarget: Target {
    let slot: Int
    init(_ slot: Int) { self.slot = slot }
    override func store(_ f: Frame, _ interp: Interpreter, _ v: Value) throws { f.slots[slot] = v }
}

final class GlobalTarget: Target {
    let slot: GlobalSlot
    init(_ slot: GlobalSlot) { self.slot = slot }
    override func store(_ f: Frame, _ interp: Interpreter, _ v: Value) throws { slot.value = v }
}

final class CellTarget: Target {
    let cell: Int
    init(_ cell: Int) { self.cell = cell }
    override func store(_ f: Frame, _ interp: Interpreter, _ v: Value) throws { f.cells[cell].value = v }
}

final class CodeTarget: Target {
    let code: StoreCode
    init(_ code: @escaping StoreCode) { self.code = code }
    override func store(_ f: Frame, _ interp: Interpreter, _ v: Value) throws { try code(f, interp, v) }
}

extension Compiler {
    func operand(_ e: Expr) throws -> Operand {
        switch e.kind {
        case .name(let n):
            return nameOperand(n, at: scope.place(of: n.text), span: e.span)
        case .int(let text): return ConstantOperand(Compiler.integer(text))
        case .float(let d): return ConstantOperand(.float(d))
        case .string(let s): return ConstantOperand(.string(s))
        case .bool(let b): return ConstantOperand(.bool(b))
        case .none: return ConstantOperand(.none)
        default: return CodeOperand(try expr(e))
        }
    }

    /// The reader of a name, wherever the scope analysis put it.
    func nameOperand(_ name: Name, at place: Scope.Place, span: Span) -> Operand {
        switch place {
        case .global: return GlobalOperand(slot: interp.activeGlobals.slot(name), span: span)
        case .local(let i): return LocalOperand(slot: i, name: name, span: span)
        case .cell(let i): return CellOperand(cell: i, isOwn: i < scope.cellNames.count, name: name, span: span)
        case .classLocal(let i, let otherwise):
            let fallback = nameOperand(name, at: otherwise, span: span)
            return CodeOperand { f, interp in try f.slots[i] ?? fallback.value(f, interp) }
        }
    }

    /// The writer of a name (a class body's own names are its frame's slots).
    func nameTarget(_ name: Name) -> Target {
        switch scope.place(of: name.text) {
        case .global: return GlobalTarget(interp.activeGlobals.slot(name))
        case .local(let i), .classLocal(let i, _): return LocalTarget(i)
        case .cell(let i): return CellTarget(i)
        }
    }

    func target(_ e: Expr) throws -> Target {
        if case .name(let n) = e.kind { return nameTarget(n) }
        return CodeTarget(try store(e))
    }
}
