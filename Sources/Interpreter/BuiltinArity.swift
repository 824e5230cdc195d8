/// How many arguments each Python builtin takes, and CPython's TypeError when a call gives
/// too few or too many (the wording differs from builtin to builtin). Checked before the
/// builtin's body reads its arguments, so `getattr()` is an error, not a crash.
enum BuiltinArity {
    enum Wording {
        /// `len() takes exactly one argument (0 given)`
        case exactlyOne
        /// `range expected at least 1 argument, got 0` / `... at most 3 arguments, got 5` /
        /// `isinstance expected 2 arguments, got 1`
        case expected
        /// `int() takes at most 2 arguments (5 given)`; too few: the given text.
        case takesAtMost(tooFew: String)
        /// Too many as `takesAtMost`; too few names the first missing parameter
        /// (`round() missing required argument 'number' (pos 1)`).
        case missing([String])
        /// A single sentence for any wrong count (`type() takes 1 or 3 arguments`).
        case fixed(String)
    }

    static let table: [String: (min: Int, max: Int, wording: Wording)] = [
        "len": (1, 1, .exactlyOne), "repr": (1, 1, .exactlyOne), "abs": (1, 1, .exactlyOne),
        "any": (1, 1, .exactlyOne), "all": (1, 1, .exactlyOne), "chr": (1, 1, .exactlyOne),
        "ord": (1, 1, .exactlyOne), "callable": (1, 1, .exactlyOne), "id": (1, 1, .exactlyOne),
        "range": (1, 3, .expected), "iter": (1, 2, .expected), "next": (1, 2, .expected),
        "list": (0, 1, .expected), "tuple": (0, 1, .expected), "dict": (0, 1, .expected),
        "float": (0, 1, .expected), "bool": (0, 1, .expected), "format": (1, 2, .expected),
        "sorted": (1, 1, .expected), "reversed": (1, 1, .expected), "divmod": (2, 2, .expected),
        "isinstance": (2, 2, .expected), "hasattr": (2, 2, .expected), "getattr": (2, 3, .expected),
        "setattr": (3, 3, .expected), "filter": (2, 2, .expected),
        "enumerate": (1, 2, .takesAtMost(tooFew: "enumerate() missing required argument 'iterable'")),
        "int": (0, 2, .takesAtMost(tooFew: "")), "str": (0, 3, .takesAtMost(tooFew: "")), "hash": (1, 1, .exactlyOne),
        "sum": (1, 2, .takesAtMost(tooFew: "sum() takes at least 1 positional argument (0 given)")),
        "round": (1, 2, .missing(["number"])),
        "pow": (2, 3, .missing(["base", "exp"])),
        "type": (1, 3, .fixed("type() takes 1 or 3 arguments")),
        "map": (2, Int.max, .fixed("map() must have at least two arguments.")),
    ]

    static let keywordOnly: [String: Set<String>] = ["sorted": ["key", "reverse"], "enumerate": ["start"], "sum": ["start"]]

    /// Methods of list, dict and str by `type.name`; the wording names them as CPython does
    /// (`list.append() takes exactly one argument (0 given)`, `insert expected 2 arguments, got 1`).
    static let methods: [String: (min: Int, max: Int, wording: Wording)] = [
        "list.append": (1, 1, .exactlyOne), "list.extend": (1, 1, .exactlyOne), "list.count": (1, 1, .exactlyOne),
        "list.remove": (1, 1, .exactlyOne), "list.insert": (2, 2, .expected), "list.index": (1, 3, .expected),
        "list.pop": (0, 1, .expected),
        "dict.get": (1, 2, .expected), "dict.pop": (1, 2, .expected), "dict.setdefault": (1, 2, .expected),
        "str.join": (1, 1, .exactlyOne), "str.zfill": (1, 1, .exactlyOne), "str.startswith": (1, 3, .expected),
        "str.endswith": (1, 3, .expected), "str.replace": (2, 3, .expected), "str.count": (1, 3, .expected),
        "str.find": (1, 3, .expected), "str.index": (1, 3, .expected), "str.center": (1, 2, .expected),
        "str.ljust": (1, 2, .expected), "str.rjust": (1, 2, .expected),
    ]

    static func checkMethod(_ owner: String, _ name: String, _ args: Arguments) throws {
        guard let entry = methods[owner + "." + name] else { return }
        try check(entry, name: name, exactlyOneName: "\(owner).\(name)", args)
    }

    /// Throws CPython's TypeError when `args` does not fit `name`'s arity. Positional
    /// arguments count towards the minimum; keywords count towards the maximum too.
    static func check(_ name: String, _ args: Arguments) throws {
        guard let entry = table[name] else { return }
        if name == "type", args.count == 2 { throw PyError.type("type() takes 1 or 3 arguments") }
        // Keyword-only parameters (sorted's key and reverse) are not counted.
        var counted = args
        if let allowed = keywordOnly[name] {
            for (k, _) in args.keywords where !allowed.contains(k) {
                throw PyError.type("\(name)() got an unexpected keyword argument '\(k)'")
            }
            counted.keywords = []
        }
        try check(entry, name: name, exactlyOneName: name, counted)
    }

    /// The check itself; `exactlyOneName` is how CPython names the callable in its
    /// "takes exactly one argument" wording (`len`, `list.append`).
    private static func check(_ entry: (min: Int, max: Int, wording: Wording), name: String, exactlyOneName: String,
                              _ args: Arguments) throws {
        let (min, max, wording) = entry
        let given = args.count
        if args.positional.count >= min && given <= max { return }
        let tooFew = args.positional.count < min
        switch wording {
        case .exactlyOne:
            throw PyError.type("\(exactlyOneName)() takes exactly one argument (\(given) given)")
        case .expected:
            let plural = { (n: Int) in n == 1 ? "argument" : "arguments" }
            if min == max { throw PyError.type("\(name) expected \(min) \(plural(min)), got \(given)") }
            if tooFew { throw PyError.type("\(name) expected at least \(min) \(plural(min)), got \(given)") }
            throw PyError.type("\(name) expected at most \(max) \(plural(max)), got \(given)")
        case .takesAtMost(let text):
            if tooFew { throw PyError.type(text) }
            throw PyError.type("\(name)() takes at most \(max) argument\(max == 1 ? "" : "s") (\(given) given)")
        case .missing(let parameters):
            if tooFew {
                let k = args.positional.count
                throw PyError.type("\(name)() missing required argument '\(parameters[k])' (pos \(k + 1))")
            }
            throw PyError.type("\(name)() takes at most \(max) argument\(max == 1 ? "" : "s") (\(given) given)")
        case .fixed(let text):
            throw PyError.type(text)
        }
    }
}
