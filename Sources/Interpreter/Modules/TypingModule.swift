/// Python's `typing`, as far as annotated programs use it at run time: the generic forms
/// subscript to forms that print as Python's (`typing.List[int]`), `Optional[X]` and
/// `Union[...]` among them; `cast` returns its value; `TypeVar` names a variable;
/// `TYPE_CHECKING` is False. tsh does not check annotations (neither does Python).
final class TypingForm: PyObject {
    let name: String

    init(_ name: String) { self.name = name }

    var typeName: String { "_GenericAlias" }
    func repr(_ interp: Interpreter) throws -> String { name }

    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        let items: [Value]
        if case .tuple(let t) = index { items = t } else { items = [index] }
        let shown = try items.map { try TypingForm.describe($0, interp) }
        switch name {
        case "typing.Optional": return .object(TypingForm("typing.Optional[\(shown.joined(separator: ", "))]"))
        default: return .object(TypingForm("\(name)[\(shown.joined(separator: ", "))]"))
        }
    }

    /// How a type shows inside a form: `int`, `torch.Tensor`, another form, `None`.
    static func describe(_ v: Value, _ interp: Interpreter) throws -> String {
        switch v {
        case .none: return "NoneType"
        case .list(let l): return "[" + (try l.items.map { try describe($0, interp) }.joined(separator: ", ")) + "]"
        case .object(let o):
            if let form = o as? TypingForm { return form.name }
            if let t = o as? TypeObject { return t.name }
            if let c = o as? PyClass { return "__main__.\(c.name)" }
            if let name = try o.getAttribute("__name__", interp), case .string(let s) = name { return s }
            return try o.repr(interp)
        default: return try interp.repr(v)
        }
    }
}

extension Interpreter {
    func makeTypingModule() -> ModuleObject {
        let m = ModuleObject(name: "typing")
        for name in ["Any", "List", "Dict", "Tuple", "Set", "FrozenSet", "Optional", "Union", "Callable", "Iterable",
                     "Iterator", "Sequence", "Mapping", "MutableMapping", "MutableSequence", "Type", "Generator",
                     "Literal", "Final", "ClassVar", "Collection", "Container", "Hashable", "Sized", "Awaitable"] {
            m.attributes[name] = .object(TypingForm("typing.\(name)"))
        }
        m.attributes["TYPE_CHECKING"] = .bool(false)
        m.attributes["cast"] = .builtin(Builtin("cast", qualifiedName: "typing.cast") { a, _ in
            guard a.positional.count == 2 else { throw PyError.type("cast() missing required arguments: 'typ' and 'val'") }
            return a.positional[1]
        })
        m.attributes["TypeVar"] = .builtin(Builtin("TypeVar", qualifiedName: "typing.TypeVar") { a, _ in
            guard case .string(let name)? = a.positional.first else { throw PyError.type("TypeVar() missing required argument: 'name'") }
            return .object(TypingForm("~\(name)"))
        })
        for name in ["overload", "no_type_check", "final", "runtime_checkable"] {
            m.attributes[name] = .builtin(Builtin(name, qualifiedName: "typing.\(name)") { a, _ in
                guard let f = a.positional.first else { throw PyError.type("\(name)() missing 1 required positional argument") }
                return f
            })
        }
        return m
    }
}
