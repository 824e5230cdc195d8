import TestSupport
import Testing

/// Python's scoping as the compiler resolves it: which scope a name belongs to is decided
/// per function before it runs, and each case prints what python3 prints.
struct ScopingTests {
    @Test func aNameAssignedInAFunctionIsLocalThroughout() {
        let (output, error) = runProgram("""
        x = 1
        def f():
            print(x)
            x = 2
        f()
        """)
        #expect(output == "")
        #expect(error == "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value")
    }

    @Test func closuresSeeLaterAssignmentsAndNonlocalWritesThrough() {
        let (output, error) = runProgram("""
        def counter():
            n = 0
            def step():
                nonlocal n
                n += 1
                return n
            return step
        c = counter()
        c(); c()
        print(c())
        def late():
            fs = [lambda_free for lambda_free in range(0)]
            y = 1
            def g():
                return y
            y = 5
            return g()
        print(late())
        """)
        #expect(error == nil)
        #expect(output == "3\n5\n")
    }

    @Test func capturedVariablesAndParametersAreSharedCells() {
        // A closure shares the variables it uses with the frame that made it (parameters
        // included), through any class body in between, and sees unbound ones as Python does.
        let (output, error) = runProgram("""
        def f(a, b=2):
            def g():
                return a * b
            a = a + 1
            return g
        print(f(3)())
        def h():
            y = 10
            class A:
                y = 3
                def m(self):
                    return y
                z = [y * k for k in range(3)]
            return A().m(), A.y, A.z
        print(h())
        def grid(n):
            w = 3
            return [[i * j * w for j in range(i)] for i in range(n)]
        print(grid(4))
        def rec():
            def fact(n):
                return 1 if n <= 1 else n * fact(n - 1)
            return fact(5)
        print(rec())
        def early():
            def g():
                return q
            g()
            q = 1
        early()
        """)
        #expect(output == "8\n(10, 3, [0, 10, 20])\n[[], [0], [0, 6], [0, 9, 18]]\n120\n")
        #expect(error == "NameError: cannot access free variable 'q' where it is not associated with a value in enclosing scope")
    }

    @Test func globalDeclarationsWriteTheModuleScope() {
        let (output, error) = runProgram("""
        total = 0
        def add(k):
            global total
            total = total + k
        add(2); add(3)
        print(total)
        """)
        #expect(error == nil)
        #expect(output == "5\n")
    }

    @Test func methodsDoNotSeeTheirClassBodyButClassBodiesSeeEachOther() {
        let (output, error) = runProgram("""
        k = 'module'
        class A:
            k = 'class'
            doubled = k * 2
            def get(self):
                return k
        print(A.doubled, A().get())
        """)
        #expect(error == nil)
        #expect(output == "classclass module\n")
    }

    @Test func comprehensionVariablesDoNotLeak() {
        let (output, error) = runProgram("""
        i = 'kept'
        squares = [i * i for i in range(4)]
        table = {i: [i * j for j in range(2)] for i in range(2)}
        print(i, squares, table)
        """)
        #expect(error == nil)
        #expect(output == "kept [0, 1, 4, 9] {0: [0, 0], 1: [0, 1]}\n")
    }

    @Test func declarationsThatCannotHoldAreSyntaxErrors() {
        #expect(runProgram("def f():\n    nonlocal q\n").error == "SyntaxError: no binding for nonlocal 'q' found")
        #expect(runProgram("def f(a, a):\n    pass\n").error == "SyntaxError: duplicate argument 'a' in function definition")
        #expect(runProgram("def f(a):\n    global a\n").error == "SyntaxError: name 'a' is parameter and global")
        #expect(runProgram("nonlocal z\n").error == "SyntaxError: nonlocal declaration not allowed at module level")
    }

    @Test func argumentBindingMessagesAreCPythons() {
        #expect(runProgram("def f(a, b=1):\n    pass\nf(1, 2, 3)\n").error
            == "TypeError: f() takes from 1 to 2 positional arguments but 3 were given")
        #expect(runProgram("def f():\n    pass\nf(1)\n").error == "TypeError: f() takes 0 positional arguments but 1 was given")
        #expect(runProgram("def f(*a, key):\n    pass\nf(1)\n").error
            == "TypeError: f() missing 1 required keyword-only argument: 'key'")
        let (output, error) = runProgram("def f(a, *rest, key=0):\n    return a, rest, key\nprint(f(1, 2, 3, key=4))\n")
        #expect(error == nil)
        #expect(output == "(1, (2, 3), 4)\n")
    }

    @Test func deletingANameUnbindsIt() {
        #expect(runProgram("x = 1\ndel x\nprint(x)\n").error == "NameError: name 'x' is not defined")
        #expect(runProgram("def f():\n    y = 1\n    del y\n    return y\nf()\n").error
            == "UnboundLocalError: cannot access local variable 'y' where it is not associated with a value")
    }

    @Test func bigIntegersSurviveTheBoxedCase() {
        let (output, error) = runProgram("a = 2 ** 100\nb = a - 2 ** 100 + 7\nprint(a, b, type(b).__name__)\n")
        #expect(error == nil)
        #expect(output == "1267650600228229401496703205376 7 int\n")
    }
}
