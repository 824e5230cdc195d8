/// The local variables of one running function, comprehension or class body, in the slots
/// the compiler gave their names. Closures reach an enclosing function's variables through
/// `parent`, as many steps up as the compiler counted.
final class Frame {
    var slots: [Value?]
    /// The frame of the nearest enclosing function or comprehension (never a class body):
    /// where the names this code did not bind itself are found.
    let parent: Frame?
    /// The function whose call this is (super() reads its class and first argument).
    unowned(unsafe) let function: PyFunction?

    init(slots count: Int, parent: Frame?, function: PyFunction? = nil) {
        slots = [Value?](repeating: nil, count: count)
        self.parent = parent
        self.function = function
    }

    @inline(__always)
    func ancestor(_ depth: Int) -> Frame {
        var f = self
        for _ in 0..<depth { f = f.parent! }
        return f
    }
}

/// Compiled code: an expression's value, or a statement's effect on control flow. The
/// interpreter is an argument, not a capture: a captured reference would have to be weak
/// (it owns the code) and would cost a retain and release at every use.
typealias ExprCode = (Frame, Interpreter) throws -> Value
typealias StmtCode = (Frame, Interpreter) throws -> Flow
