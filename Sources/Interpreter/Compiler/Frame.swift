import CreationSite

/// The local variables of one running function, comprehension or class body: plain
/// variables in the slots the compiler gave their names, captured ones in cells.
final class Frame {
    var slots: [Value?]
    /// The scope's own captured variables (fresh for this run), then the cells its
    /// closure brought from enclosing functions (Scope.cellNames, then freeNames).
    let cells: [Cell]
    /// The function whose call this is (super() reads its class and first argument).
    unowned(unsafe) let function: PyFunction?

    init(slots count: Int, cells: [Cell] = [], function: PyFunction? = nil) {
        slots = [Value?](repeating: nil, count: count)
        self.cells = cells
        self.function = function
        tsh_live_add(Int32(TSH_LIVE_FRAMES.rawValue), 1)
    }

    deinit { tsh_live_add(Int32(TSH_LIVE_FRAMES.rawValue), -1) }

    /// The cells of a new frame: `own` fresh ones, then the captured ones.
    static func cells(own: Int, captured: [Cell]) -> [Cell] {
        if own == 0 { return captured }
        var cells: [Cell] = []
        cells.reserveCapacity(own + captured.count)
        for _ in 0..<own { cells.append(Cell()) }
        cells.append(contentsOf: captured)
        return cells
    }

    /// The cells at `positions` of this frame, for a closure made here.
    func capture(_ positions: [Int]) -> [Cell] {
        positions.isEmpty ? [] : positions.map { cells[$0] }
    }
}

/// One captured variable, shared by the frame that owns it and the closures made there.
final class Cell: CycleTracked {
    var value: Value?
    override init() {
        super.init()
        tsh_live_add(Int32(TSH_LIVE_CELLS.rawValue), 1)
    }
    deinit { tsh_live_add(Int32(TSH_LIVE_CELLS.rawValue), -1) }

    override func traverse(_ visit: (CycleTracked) -> Void) {
        if let value { CycleTracked.visit(value, visit) }
    }

    override func clearReferences() { value = nil }
}

/// Compiled code: an expression's value, or a statement's effect on control flow. The
/// interpreter is an argument, not a capture: a captured reference would have to be weak
/// (it owns the code) and would cost a retain and release at every use.
typealias ExprCode = (Frame, Interpreter) throws -> Value
typealias StmtCode = (Frame, Interpreter) throws -> Flow
