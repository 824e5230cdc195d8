import CreationSite
import PythonSyntax

/// Turns the syntax tree into Swift closures over Frames, once per cell, script statement or
/// function definition. Names are resolved to slots here (Scope), literals converted here,
/// call shapes fixed here, so running the code does no lookups by name or text.
struct Compiler {
    unowned(unsafe) let interp: Interpreter
    let scope: Scope
    /// The creation-site base of the source being compiled (Interpreter.register).
    let siteBase: Int

    init(_ interp: Interpreter, scope: Scope, siteBase: Int) {
        self.interp = interp
        self.scope = scope
        self.siteBase = siteBase
    }

    /// A scope nested in this one, compiled with the same source.
    func nested(_ inner: Scope) -> Compiler { Compiler(interp, scope: inner, siteBase: siteBase) }

    /// Statements in order, chained pairwise so that running a block calls each
    /// statement's closure directly (closures kept in an array would be called through a
    /// reabstraction thunk).
    func block(_ statements: [Stmt]) throws -> StmtCode {
        let codes = try statements.map { StatementCode(run: try statement($0)) }
        guard var chained = codes.last?.run else { return { _, _ in .normal } }
        for code in codes.dropLast().reversed() {
            let (first, rest) = (code.run, chained)
            chained = { f, interp in
                let flow = try first(f, interp)
                if case .normal = flow { return try rest(f, interp) }
                return flow
            }
        }
        return chained
    }

    /// One statement: it marks its creation site while it runs, and an error leaving it
    /// carries its span.
    func statement(_ stmt: Stmt) throws -> StmtCode {
        let body = try unlocated(stmt)
        let site = siteBase | stmt.span.start
        let span = stmt.span
        return { f, interp in try Compiler.located(site: site, span: span, interp) { try body(f, interp) } }
    }

    /// Runs a statement's code with its creation site marked, Ctrl-C polled first, and an
    /// error leaving it located at its span (a generator's resumable statements too).
    @inline(__always)
    static func located<T>(site: Int, span: Span, _ interp: Interpreter, _ body: () throws -> T) throws -> T {
        tsh_set_creation_site(site)
        do {
            // The one place Ctrl-C is polled: every loop iteration and every call runs
            // statements, and a long builtin (a big matmul, a save) stops at the next one.
            try interp.checkInterrupt()
            return try body()
        } catch var error as PyError {
            if error.span == nil {
                error.span = span
                error.site = site
            }
            throw error
        } catch let error as SyntaxError {
            throw error
        } catch {
            var converted = Interpreter.convert(error)
            if converted.span == nil {
                converted.span = span
                converted.site = site
            }
            throw converted
        }
    }
}

/// A compiled statement held in an array (as a struct, so its closure is not reabstracted).
struct StatementCode {
    let run: StmtCode
}

/// A compiled function body with what calling it needs to know.
final class FunctionCode {
    let slotCount: Int
    /// The slot of `*args`, if the function has one; parameters after it are keyword-only.
    let variadicIndex: Int?
    /// The slot of `**kwargs`, if the function has one.
    let keywordVariadicIndex: Int?
    /// How many parameters positional arguments fill (those before `*` or `*args`).
    let positionalCount: Int
    /// How many of its variables live in cells (captured by a nested scope).
    let ownCells: Int
    /// Parameters that live in cells: the argument lands in `slot`, then moves to `cell`.
    let parameterCells: [(slot: Int, cell: Int)]
    let body: StmtCode

    init(slotCount: Int, variadicIndex: Int?, keywordVariadicIndex: Int?, positionalCount: Int, ownCells: Int,
         parameterCells: [(slot: Int, cell: Int)], body: @escaping StmtCode) {
        self.slotCount = slotCount
        self.variadicIndex = variadicIndex
        self.keywordVariadicIndex = keywordVariadicIndex
        self.positionalCount = positionalCount
        self.ownCells = ownCells
        self.parameterCells = parameterCells
        self.body = body
    }
}

extension Interpreter {
    /// Compiles module-level statements against this interpreter's globals.
    func compile(_ program: [Stmt]) throws -> StmtCode {
        let module = Scope(.module, parent: nil)
        // Module names are globals whatever the walk finds; it runs for its checks.
        module.collect(program)
        try module.finishCollecting()
        return try Compiler(self, scope: module, siteBase: currentSiteBase).block(program)
    }

    func compile(_ expr: Expr) throws -> ExprCode {
        let module = Scope(.module, parent: nil)
        return try Compiler(self, scope: module, siteBase: currentSiteBase).expr(expr)
    }
}
