/// A scope: the names of a module, or of one function call, with the enclosing scope a
/// closure sees.
package final class Environment {
    package var names: [String: Value] = [:]
    package let parent: Environment?
    /// Names a function declares `global` or `nonlocal`.
    var globalNames: Set<String> = []
    var nonlocalNames: Set<String> = []

    package init(parent: Environment? = nil) {
        self.parent = parent
    }

    /// The module-level scope at the root of the chain.
    var globals: Environment {
        var e = self
        while let p = e.parent { e = p }
        return e
    }

    func lookup(_ name: String) -> Value? {
        var e: Environment? = self
        while let scope = e {
            if let v = scope.names[name] { return v }
            e = scope.parent
        }
        return nil
    }

    func assign(_ name: String, _ value: Value) {
        // Most scopes declare nothing global or nonlocal: one check instead of two lookups.
        if globalNames.isEmpty && nonlocalNames.isEmpty {
            names[name] = value
        } else if globalNames.contains(name) {
            globals.names[name] = value
        } else if nonlocalNames.contains(name) {
            var e = parent
            while let scope = e {
                if scope.names[name] != nil { scope.names[name] = value; return }
                e = scope.parent
            }
            names[name] = value
        } else {
            names[name] = value
        }
    }
}
