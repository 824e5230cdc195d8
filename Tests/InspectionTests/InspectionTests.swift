import Autograd
import Inspection
import TestSupport
import Testing
import TorchBindings

/// The Inspection layer against the engine itself: path sums and ledgers add up to what
/// backward() leaves, the step-by-step walk leaves exactly backward()'s gradients (and
/// nothing when aborted), and `:why` names the right cause.
struct PathSumTests {
    static let graphs: [(code: String, output: String, leaf: String)] = [
        ("a = torch.tensor(3.0, requires_grad=True)\nb = a * a\nc = b + a", "c", "a"),
        ("torch.manual_seed(0)\nw = torch.randn(3, requires_grad=True)\nx = torch.randn(4, 3)\ny = ((x * w).relu() + w).sum()", "y", "w"),
        ("torch.manual_seed(0)\nx = torch.ones(5)\nw = torch.randn(5, 3, requires_grad=True)\nb = torch.randn(3, requires_grad=True)\nz = torch.matmul(x, w)+b\nloss = torch.nn.functional.binary_cross_entropy_with_logits(z, torch.zeros(3))", "loss", "w"),
        ("torch.manual_seed(0)\nx = torch.ones(5)\nw = torch.randn(5, 3, requires_grad=True)\nb = torch.randn(3, requires_grad=True)\nz = torch.matmul(x, w)+b\nloss = torch.nn.functional.binary_cross_entropy_with_logits(z, torch.zeros(3))", "loss", "b"),
        ("inp = torch.eye(4, 5, requires_grad=True)\nout = (inp+1).pow(2).t().sum()", "out", "inp"),
        ("p = torch.tensor([1.0, 2.0], requires_grad=True)\nq = p.exp()\nr = (q * p + q.sin() * p.sum()).mean()", "r", "p"),
    ]

    @Test(arguments: 0..<graphs.count)
    func pathSumsEqualTheGradientBackwardLeaves(_ k: Int) throws {
        let (code, output, leaf) = PathSumTests.graphs[k]
        let world = try World("import torch\n" + code)
        let sums = try PathSums(from: try world.tensor(output), to: try world.tensor(leaf))
        #expect(!sums.paths.isEmpty)
        try world.run("\(output).backward()")
        let grad = try #require(try world.tensor(leaf).grad)
        #expect(close(try #require(sums.sum), grad.data))
    }

    @Test func theSharedTensorExampleHasThreeEdgeSequencesAddingToTwoAPlusOne() throws {
        let world = try World("import torch\na = torch.tensor(3.0, requires_grad=True)\nb = a * a\nc = b + a")
        let sums = try PathSums(from: try world.tensor("c"), to: try world.tensor("a"))
        #expect(sums.paths.map { $0.gradient.scalars[0].doubleValue } == [3, 3, 1])
        #expect(sums.sum?.scalars[0].doubleValue == 7)
    }

    @Test func aFreedGraphIsReportedAsPyTorchReportsIt() throws {
        let world = try World("import torch\na = torch.tensor(3.0, requires_grad=True)\nc = a * a\nc.backward()")
        #expect(throws: TensorError.self) { try PathSums(from: try world.tensor("c"), to: try world.tensor("a")) }
    }
}

struct LedgerTests {
    @Test func contributionsSinceTheLastResetAddUpToTheGradient() throws {
        let world = try World("""
            import torch
            w = torch.ones(3, requires_grad=True)
            (w * 2).sum().backward()
            (w * w).sum().backward()
            """)
        let w = try world.tensor("w")
        var entries = try #require(w.gradLedger).entries
        #expect(entries.map(\.kind) == [.added, .added])
        #expect(entries.compactMap { world.line($0.site) } == [3, 4])
        var total = try #require(entries[0].contribution)
        total = try NDArray.binary(.add, .array(total), .array(try #require(entries[1].contribution)))
        #expect(close(total, try #require(w.grad).data))

        try world.run("w.grad = None\n(w * 5).sum().backward()")
        entries = try #require(w.gradLedger).entries
        #expect(entries.map(\.kind) == [.added, .added, .resetToNone, .added])
        #expect(close(try #require(entries[3].contribution), try #require(w.grad).data))
        #expect(close(try #require(entries[3].total), try #require(w.grad).data))
    }

    @Test func zeroingInPlaceIsRecorded() throws {
        let world = try World("""
            import torch
            w = torch.ones(2, requires_grad=True)
            opt = torch.optim.SGD([w], lr=0.1)
            (w * 3).sum().backward()
            opt.zero_grad(set_to_none=False)
            """)
        let entries = try #require(try world.tensor("w").gradLedger).entries
        #expect(entries.map(\.kind) == [.added, .zeroed])
        #expect(world.line(entries[1].site) == 5)
    }
}

struct BackpropWalkTests {
    static let programs = [
        "torch.manual_seed(0)\nx = torch.ones(5)\nw = torch.randn(5, 3, requires_grad=True)\nb = torch.randn(3, requires_grad=True)\nz = torch.matmul(x, w)+b\nloss = torch.nn.functional.binary_cross_entropy_with_logits(z, torch.zeros(3))",
        "a = torch.tensor(3.0, requires_grad=True)\nb = a * a\nloss = b + a",
        "torch.manual_seed(0)\nmodel = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))\nX = torch.rand(4, 8)\nloss = torch.nn.CrossEntropyLoss()(model(X), torch.tensor([0, 2, 1, 0]))",
        "torch.manual_seed(3)\nw = torch.randn(4, 3, requires_grad=True)\nh = w.t() @ w\nloss = (h.exp() * w.sum(0, keepdim=True)).mean()",
    ]

    /// Every leaf of the program that requires grad, by name.
    func leaves(_ world: World) -> [(String, Tensor)] {
        world.interp.globals.names.sorted { $0.key < $1.key }.flatMap { ViewBridge.namedTensors($0.value, name: $0.key).map { ($0.name, $0.tensor) } }
            .filter { $0.1.isLeaf && $0.1.requiresGrad }
    }

    @Test(arguments: 0..<programs.count)
    func theWalkLeavesExactlyBackwardsGradients(_ k: Int) throws {
        let walked = try World("import torch\n" + BackpropWalkTests.programs[k])
        let plain = try World("import torch\n" + BackpropWalkTests.programs[k])
        var steps = 0
        let walk = BackpropWalk(root: try walked.tensor("loss"), context: walked.context) { lines in
            steps += 1
            #expect(lines[0].hasPrefix("[\(steps)/"))
        }
        try walk.run(try walked.tensor("loss"))
        try plain.run("loss.backward()")
        let a = leaves(walked), b = leaves(plain)
        #expect(a.count == b.count && !a.isEmpty)
        for ((name, x), (_, y)) in zip(a, b) {
            let gx = try #require(x.grad, "\(name)"), gy = try #require(y.grad, "\(name)")
            #expect(bytes(gx.data) == bytes(gy.data), "\(name)")
        }
        // As backward() does, the walk frees the graph.
        #expect(throws: (any Error).self) { try walked.run("loss.backward()") }
    }

    @Test func anAbortedWalkChangesNoGradient() throws {
        let world = try World("import torch\n" + BackpropWalkTests.programs[0] + "\nloss.backward(retain_graph=True)")
        let before = try #require(try world.tensor("w").grad).data.contiguousCopy()
        let ledgerCount = try world.tensor("w").gradLedger?.entries.count
        var steps = 0
        struct Stop: Error {}
        let walk = BackpropWalk(root: try world.tensor("loss"), context: world.context) { _ in
            steps += 1
            if steps == 5 { throw Stop() }
        }
        #expect(throws: Stop.self) { try walk.run(try world.tensor("loss")) }
        walk.restore()
        #expect(bytes(try #require(try world.tensor("w").grad).data) == bytes(before))
        #expect(try world.tensor("b").grad != nil)
        #expect(close(try #require(try world.tensor("b").grad).data, try world.tensor("b").grad!.data))
        #expect(try world.tensor("w").gradLedger?.entries.count == ledgerCount)
        // The graph was kept: backward still runs.
        try world.run("loss.backward()")
    }

    @Test func anAbortedWalkKeepsALongLedgerAndTheLastBackward() throws {
        let world = try World("import torch\nw = torch.ones(2, requires_grad=True)\nfor i in range(250):\n    (w * 2).sum().backward()\nloss = (w * 3).sum()")
        let ledger = try #require(try world.tensor("w").gradLedger)
        #expect(ledger.entries.count == GradLedger.capacity && ledger.dropped == 50, "\(ledger.entries.count) \(ledger.dropped)")
        let before = GradMode.lastBackward.site
        struct Stop: Error {}
        var steps = 0
        let walk = BackpropWalk(root: try world.tensor("loss"), context: world.context) { _ in
            steps += 1
            if steps == 3 { throw Stop() }
        }
        #expect(throws: Stop.self) { try walk.run(try world.tensor("loss")) }
        walk.restore()
        // What the walk added is gone; the oldest entry it pushed out stays counted as dropped.
        #expect(ledger.mark == 250 && ledger.entries.allSatisfy { $0.kind == .added })
        #expect(GradMode.lastBackward.site == before)
        // The gradient put back is not mistaken for a change made outside backward.
        try world.run("(w * 2).sum().backward()")
        #expect(ledger.entries.last?.kind == .added)
        #expect(!ledger.entries.suffix(3).contains { $0.kind == .changedElsewhere })
    }

    @Test func rulesArePluggedWithTheNumbers() throws {
        let world = try World("import torch\na = torch.tensor(2.0, requires_grad=True)\nb = torch.tensor(3.0, requires_grad=True)\nc = a * b")
        var text: [String] = []
        try BackpropWalk(root: try world.tensor("c"), context: world.context) { text += $0 }.run(try world.tensor("c"))
        let joined = text.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(joined.contains("grad_self = grad * other = 1.0 * 3.0 = 3.0  → a's AccumulateGrad"), "\(text)")
        #expect(joined.contains("grad_other = grad * self = 1.0 * 2.0 = 2.0  → b's AccumulateGrad"), "\(text)")
        #expect(text.contains { $0.contains("a.grad = None + 3.0 = 3.0") }, "\(text)")
        var scaled: [String] = []
        try BackpropWalk(root: try world.tensor("a * 4"), context: world.context) { scaled += $0 }.run(try world.tensor("a * 4"))
        #expect(scaled.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ").contains("grad_self = grad * other = 1.0 * 4 = 4.0"), "\(scaled)")
    }
}

struct WhyGradTests {
    func cause(_ code: String, _ name: String) throws -> (WhyGrad.Cause, World) {
        let world = try World("import torch\nw = torch.ones(3, requires_grad=True)\n" + code)
        return (WhyGrad.cause(of: try world.tensor(name), context: world.context), world)
    }

    @Test func eachCauseIsNamed() throws {
        #expect(try cause("z = w * 2\nz.sum().backward()", "z").0 == .notLeaf)
        #expect(try cause("x = torch.ones(3)", "x").0 == .doesNotRequireGrad)
        #expect(try cause("(w * 2).sum().backward()", "w").0 == .hasGradient)
        let relu = try cause("r = torch.tensor([-1.0, -2.0], requires_grad=True)\ntorch.relu(r).sum().backward()", "r")
        #expect(relu.0 == .zero(zeroedAt: nil))

        let (detached, world) = try cause("d = w.detach()\ne = d * 3", "d")
        guard case .cut(.detach, let site) = detached else { Issue.record("\(detached)"); return }
        #expect(world.line(site) == 3)
        #expect(WhyGrad.cause(of: try world.tensor("e"), context: world.context) == .cut(.detach, site: site))

        guard case .cut(.data, _) = try cause("d = w.data", "d").0 else { Issue.record("data"); return }
        let noGrad = try cause("with torch.no_grad():\n    n = w * 2", "n")
        guard case .cut(.noGrad, let noGradSite) = noGrad.0 else { Issue.record("\(noGrad.0)"); return }
        #expect(noGrad.1.line(noGradSite) == 4)

        let reset = try cause("(w * 2).sum().backward()\nw.grad = None", "w")
        guard case .reset(let resetSite) = reset.0 else { Issue.record("\(reset.0)"); return }
        #expect(reset.1.line(resetSite) == 4)

        let unused = try cause("v = torch.ones(2, requires_grad=True)\n(w * 2).sum().backward()", "v")
        guard case .notAncestor(let backwardSite) = unused.0 else { Issue.record("\(unused.0)"); return }
        #expect(unused.1.line(backwardSite) == 4)

        let zeroed = try cause("opt = torch.optim.SGD([w], lr=0.1)\n(w * 2).sum().backward()\nopt.zero_grad(set_to_none=False)", "w")
        guard case .zero(let zeroedAt?) = zeroed.0 else { Issue.record("\(zeroed.0)"); return }
        #expect(zeroed.1.line(zeroedAt) == 5)
    }

    @Test func zerosMadeOutsideBackwardAndRetainedGradientsAreNamed() throws {
        #expect(try cause("(w * 2).sum().backward()\nw.grad.zero_()", "w").0 == .zeroedElsewhere)
        let retained = try cause("h = w * 2\nh.retain_grad()", "h")
        #expect(retained.0 == .noBackwardYet)
        let used = try cause("h = w * 2\nh.retain_grad()\nv = torch.ones(1, requires_grad=True)\n(v * 2).sum().backward()", "h")
        guard case .notAncestor = used.0 else { Issue.record("\(used.0)"); return }
    }

    @Test func aZeroGradientThroughAReLUNamesTheReLU() throws {
        let (kept, world) = try cause("h = (w * -1).relu()\nloss = (h * 3).sum()\nloss.backward(retain_graph=True)", "w")
        guard case .zeroThroughReLU("loss", let site, true) = kept else { Issue.record("\(kept)"); return }
        #expect(world.line(site) == 3)
        let (freed, _) = try cause("h = (w * -1).relu()\nloss = (h * 3).sum()\nloss.backward()", "w")
        guard case .zeroThroughReLU("loss", _, nil) = freed else { Issue.record("\(freed)"); return }
    }

    @Test func aValueTakenOutAsANumberNamesTheLine() throws {
        let (item, world) = try cause("s = (w * 2).sum()\nv = s.item()\nu = torch.ones(1, requires_grad=True)\n(u * v).sum().backward()", "w")
        guard case .leftAsNumber(let site) = item else { Issue.record("\(item)"); return }
        #expect(world.line(site) == 4)
        let listed = try cause("l = (w * 2).tolist()", "w").0
        guard case .leftAsNumber = listed else { Issue.record("\(listed)"); return }
        // A backward that did reach the leaf is not blamed on an earlier .item().
        #expect(try cause("s = (w * 2).sum()\nv = s.item()\ns.backward()", "w").0 == .hasGradient)
        #expect(WhyGrad.explain(try world.tensor("w"), name: "w", context: world.context)[0]
            .hasPrefix("w.grad is None: a value computed from w was turned into a Python number at line 4"))
    }

    @Test func aFreshLeafHasNoBackwardYet() throws {
        let world = try World("import torch\nu = torch.ones(2, requires_grad=True)")
        #expect(WhyGrad.cause(of: try world.tensor("u"), context: world.context) == .noBackwardYet)
    }
}

struct PythonVisibleGraphTests {
    @Test func savedTensorsHooksAnomalyAndGradcheckBehaveAsInPyTorch() {
        let run = runProgram("""
            import torch
            x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
            y = x.pow(2)
            print(x is y.grad_fn._saved_self, isinstance(y.grad_fn, torch.autograd.graph.Node))
            r = x.relu()
            print(r.grad_fn._saved_result is r, r.grad_fn._saved_result, hasattr(r.grad_fn, "_saved_self"))
            print(y.grad_fn._saved_exponent, (x * 5).grad_fn._saved_other, x.sum().grad_fn._saved_self_sym_sizes)
            print(x.softmax(0).grad_fn._saved_dim, x.sum(0, keepdim=True).grad_fn._saved_dim, x.view(3, 1).t().grad_fn.name())
            a = torch.tensor([1.0, 2.0], requires_grad=True)
            b = torch.tensor([3.0, 4.0], requires_grad=True)
            c = a * b
            def hook(grad_inputs, grad_outputs):
                print("hook", grad_inputs, grad_outputs)
            def prehook(grad_outputs):
                return (grad_outputs[0] * 2,)
            h = c.grad_fn.register_hook(hook)
            c.grad_fn.register_prehook(prehook)
            c.sum().backward()
            print(a.grad)
            def f(u, v):
                return (u * v).sin().sum()
            print(torch.autograd.gradcheck(f, (torch.randn(3, dtype=torch.float64, requires_grad=True), torch.randn(3, dtype=torch.float64, requires_grad=True))))
            torch.autograd.set_detect_anomaly(True)
            print(torch.is_anomaly_enabled())
            z = torch.tensor([-1.0, 4.0], requires_grad=True)
            torch.sqrt(z).sum().backward()
            """)
        #expect(run.output == """
            True True
            False tensor([1., 2., 3.], grad_fn=<ReluBackward0>) False
            2 tensor(5) (3,)
            0 (0,) TBackward0
            hook (tensor([6., 8.]), tensor([2., 4.])) (tensor([2., 2.]),)
            tensor([6., 8.])
            True
            True

            """)
        #expect(run.error == "RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output.")
    }
}

struct TorchvizTests {
    @Test func makeDotShowsAttributesAsTorchvizLaysThemOut() {
        let run = runProgram("""
            import torch
            from torchviz import make_dot
            x = torch.tensor([1.0, 2.0], requires_grad=True)
            y = (x ** 2).sum()
            d = make_dot(y, params={"x": x}, show_attrs=True)
            print(d.source)
            print(make_dot(y, show_attrs=True, max_attr_chars=5).source.count("[s..."))
            """)
        #expect(run.error == nil)
        let source = run.output
        #expect(source.contains("n0 [label=\"SumBackward0\\n--------------------\\nself_sym_sizes: (2,)\"]"), "\(source)")
        #expect(source.contains("n1 [label=\"PowBackward0\\n------------------------\\nexponent:              2\\nself    : [saved tensor]\"]"), "\(source)")
        // The leaf is a light blue tensor node feeding its AccumulateGrad, as in torchviz.
        #expect(source.contains("v2 [label=\"x\\n (2)\" fillcolor=lightblue]"), "\(source)")
        #expect(source.contains("v2 -> n2") && source.contains("n2 [label=AccumulateGrad]"), "\(source)")
        #expect(source.hasSuffix("1\n"), "\(source)")
    }
}
