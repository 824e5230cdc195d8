import Autograd
import Foundation
import TestSupport
import Testing
import TorchNN

/// The records of ../shared/spec/vectors/grad_fn.jsonl: for each expression, the node's
/// name(), its class name and the whole graph down to the leaves, as PyTorch 2.15 built them.
/// Module calls (`lin(x2)`, `nn.ReLU()(a)`) run as the functional forms their forward
/// methods are (`F.linear(x2, lin.weight, lin.bias)`), with the parameters as named leaves.
struct GradFnVectorTests {
    struct Record: Decodable, Sendable, CustomTestStringConvertible {
        let group: String
        let code: String
        let name: String?
        let class_name: String?
        let graph: String
        let requires_grad: Bool
        let is_leaf: Bool
        var testDescription: String { code }
    }

    static let records: [Record] = {
        let url = Bundle.module.url(forResource: "grad_fn", withExtension: "jsonl", subdirectory: "Vectors")!
        let lines = try! String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        return lines.map { try! JSONDecoder().decode(Record.self, from: Data($0.utf8)) }
    }()

    /// The setup's leaves (values do not matter for the graph; shapes and flags do).
    final class Leaves {
        let g = Generator()
        var names: [ObjectIdentifier: String] = [:]
        func leaf(_ name: String, _ shape: [Int], grad: Bool = true) -> Tensor {
            let t = Tensor(try! NDArray.randn(shape, generator: g), requiresGrad: grad)
            names[ObjectIdentifier(t)] = name
            return t
        }
        var a: Tensor!, b: Tensor!, s: Tensor!, A: Tensor!, C: Tensor!, B: Tensor!, W: Tensor!
        var T: Tensor!, U: Tensor!, V: Tensor!, m: Tensor!, c: Tensor!, K: Tensor!, N: Tensor!
        var X: Tensor!, x1: Tensor!, x2: Tensor!, x3: Tensor!, L: Tensor!, P: Tensor!, tgt: Tensor!
        var linWeight: Tensor!, linBias: Tensor!, linnbWeight: Tensor!
        var net0Weight: Tensor!, net0Bias: Tensor!, net2Weight: Tensor!, net2Bias: Tensor!
        init() {
            g.manualSeed(Int64(0))
            a = leaf("a", [3]); b = leaf("b", [3]); s = leaf("s", [])
            A = leaf("A", [2, 3]); C = leaf("C", [2, 3]); B = leaf("B", [3, 4]); W = leaf("W", [4, 5])
            T = leaf("T", [2, 3, 4]); U = leaf("U", [2, 4, 5]); V = leaf("V", [5, 3]); m = leaf("m", [4])
            c = leaf("c", [3], grad: false); K = leaf("K", [2, 3], grad: false); N = leaf("N", [3, 4], grad: false)
            X = leaf("X", [5, 4]); x2 = leaf("x2", [5, 4], grad: false); x1 = leaf("x1", [4], grad: false)
            x3 = leaf("x3", [2, 5, 4], grad: false); L = leaf("L", [5, 3])
            P = Tensor(try! NDArray.rand([5, 3], generator: g))
            tgt = Tensor(intArray([0, 2, 1, 1, 0]))
            linWeight = leaf("lin.weight", [3, 4]); linBias = leaf("lin.bias", [3]); linnbWeight = leaf("linnb.weight", [3, 4])
            net0Weight = leaf("net.0.weight", [3, 4]); net0Bias = leaf("net.0.bias", [3])
            net2Weight = leaf("net.2.weight", [2, 3]); net2Bias = leaf("net.2.bias", [2])
        }

        func lin(_ x: Tensor) throws -> Tensor { try Functional.linear(x, weight: linWeight, bias: linBias) }
        func linnb(_ x: Tensor) throws -> Tensor { try Functional.linear(x, weight: linnbWeight, bias: nil) }
    }

    /// PyTorch's graph notation: `Name[entry, ...]`, an entry `None`, `Acc(leaf)#k` or `Child[...]#k`.
    static func render(_ node: Node?, _ leaves: Leaves) -> String {
        guard let node else { return "None" }
        let entries = node.nextFunctions.map { edge -> String in
            guard let child = edge.node else { return "None" }
            if let acc = child as? AccumulateGrad {
                return "Acc(\(leaves.names[ObjectIdentifier(acc.variable)] ?? "?"))#\(edge.inputNr)"
            }
            return "\(render(child, leaves))#\(edge.inputNr)"
        }
        return "\(node.name)[\(entries.joined(separator: ", "))]"
    }

    typealias Case = (Leaves) throws -> Tensor
    static func i(_ v: Int64) -> TensorOperand { .scalar(.int(v)) }
    static func d(_ v: Double) -> TensorOperand { .scalar(.double(v)) }
    static func t(_ x: Tensor) -> TensorOperand { .tensor(x) }
    static func positive(_ x: Tensor) throws -> Tensor { try x.compare(.gt, i(0)) }
    static let full = TensorIndex.slice(start: nil, stop: nil, step: nil)
    static func indices(_ v: [Int64]) -> TensorIndex { .array(NDArray(values: v.map { .int($0) }, shape: [v.count], dtype: .int64)) }
    static func doubled(_ x: Tensor) throws -> Tensor { try x.mul(i(2)) }

    static let cases: [String: Case] = [
        "a + b": { try $0.a.add(t($0.b)) }, "a + 1": { try $0.a.add(i(1)) }, "1 + a": { try $0.a.add(i(1)) },
        "a + c": { try $0.a.add(t($0.c)) }, "c + a": { try $0.c.add(t($0.a)) }, "a + a": { try $0.a.add(t($0.a)) },
        "torch.add(a, b, alpha=2)": { try $0.a.add(t($0.b), alpha: .int(2)) },
        "a - b": { try $0.a.sub(t($0.b)) }, "a - 1": { try $0.a.sub(i(1)) }, "1 - a": { try $0.a.rsub(.int(1)) },
        "c - a": { try $0.c.sub(t($0.a)) }, "a * b": { try $0.a.mul(t($0.b)) }, "a * 2": { try $0.a.mul(i(2)) },
        "2 * a": { try $0.a.mul(i(2)) }, "a * s": { try $0.a.mul(t($0.s)) }, "a / b": { try $0.a.div(t($0.b)) },
        "a / 2": { try $0.a.div(i(2)) }, "2 / a": { try $0.a.rdiv(.int(2)) }, "c / a": { try $0.c.div(t($0.a)) },
        "-a": { try $0.a.neg() }, "a.neg()": { try $0.a.neg() }, "a ** 2": { try $0.a.pow(i(2)) },
        "a ** 0.5": { try $0.a.pow(d(0.5)) }, "a.pow(3)": { try $0.a.pow(i(3)) }, "a.square()": { try $0.a.unary(.square) },
        "a ** b": { try $0.a.pow(t($0.b)) }, "a ** s": { try $0.a.pow(t($0.s)) },
        "2 ** a": { try Tensor.pow(base: .int(2), exponent: $0.a) },
        "a.exp()": { try $0.a.unary(.exp) }, "a.log()": { try $0.a.unary(.log) }, "a.sqrt()": { try $0.a.unary(.sqrt) },
        "a.abs()": { try $0.a.unary(.abs) }, "torch.sigmoid(a)": { try $0.a.unary(.sigmoid) },
        "torch.tanh(a)": { try $0.a.unary(.tanh) }, "F.relu(a)": { try $0.a.unary(.relu) },
        "nn.ReLU()(a)": { try $0.a.unary(.relu) }, "F.leaky_relu(a)": { try Functional.leakyRelu($0.a) },
        "F.gelu(a)": { try Functional.gelu($0.a) }, "a.sin()": { try $0.a.unary(.sin) }, "a.cos()": { try $0.a.unary(.cos) },
        "a.reciprocal()": { try $0.a.unary(.reciprocal) }, "a.log1p()": { try $0.a.unary(.log1p) },
        "F.softmax(A, dim=1)": { try $0.A.softmax(dim: 1, log: false) },
        "nn.Softmax(dim=1)(A)": { try $0.A.softmax(dim: 1, log: false) },
        "F.log_softmax(A, dim=1)": { try $0.A.softmax(dim: 1, log: true) },
        "a @ b": { try Tensor.matmul($0.a, $0.b) }, "a @ B": { try Tensor.matmul($0.a, $0.B) },
        "A @ a": { try Tensor.matmul($0.A, $0.a) }, "A @ B": { try Tensor.matmul($0.A, $0.B) },
        "T @ U": { try Tensor.matmul($0.T, $0.U) }, "T @ W": { try Tensor.matmul($0.T, $0.W) },
        "T @ m": { try Tensor.matmul($0.T, $0.m) }, "V @ T": { try Tensor.matmul($0.V, $0.T) },
        "a @ T": { try Tensor.matmul($0.a, $0.T) }, "A @ N": { try Tensor.matmul($0.A, $0.N) },
        "K @ B": { try Tensor.matmul($0.K, $0.B) },
        "T @ torch.randn(2, 4, 5)": { try Tensor.matmul($0.T, Tensor(try NDArray.randn([2, 4, 5], generator: $0.g))) },
        "torch.mm(A, B)": { try Tensor.mm($0.A, $0.B) }, "torch.mv(A, a)": { try Tensor.mv($0.A, $0.a) },
        "torch.dot(a, b)": { try Tensor.dot($0.a, $0.b) }, "torch.bmm(T, U)": { try Tensor.bmm($0.T, $0.U) },
        "torch.matmul(a, b)": { try Tensor.matmul($0.a, $0.b) },
        "A.sum()": { try $0.A.sum() }, "A.sum(0)": { try $0.A.sum(dims: [0]) },
        "A.sum(dim=1, keepdim=True)": { try $0.A.sum(dims: [1], keepdim: true) },
        "A.sum(dim=(0, 1))": { try $0.A.sum(dims: [0, 1]) }, "A.mean()": { try $0.A.mean() },
        "A.mean(dim=1)": { try $0.A.mean(dims: [1]) }, "A.max()": { try $0.A.extremum(largest: true) },
        "A.max(dim=1).values": { try $0.A.extremum(largest: true, dim: 1, keepdim: false).values },
        "A.max(dim=1)[1]": { try $0.A.extremum(largest: true, dim: 1, keepdim: false).indices },
        "A.min()": { try $0.A.extremum(largest: false) },
        "A.min(0).values": { try $0.A.extremum(largest: false, dim: 0, keepdim: false).values },
        "torch.max(a, b)": { try $0.a.extremum($0.b, largest: true) },
        "A.argmax()": { try $0.A.argExtremum(largest: true, dim: nil, keepdim: false) },
        "A.std()": { try $0.A.variance(takeRoot: true) }, "A.var()": { try $0.A.variance(takeRoot: false) },
        "A.norm()": { try $0.A.norm() },
        "A.t()": { try $0.A.t() }, "A.T": { try $0.A.reversedDims }, "A.transpose(0, 1)": { try $0.A.transpose(0, 1) },
        "T.permute(2, 0, 1)": { try $0.T.permute([2, 0, 1]) }, "A.view(6)": { try $0.A.view([6]) },
        "a.view(-1, 1)": { try $0.a.view([-1, 1]) }, "A.reshape(3, 2)": { try $0.A.reshape([3, 2]) },
        "A.t().reshape(6)": { try $0.A.t().reshape([6]) }, "A.flatten()": { try $0.A.flatten() },
        "T.flatten(1)": { try $0.T.flatten(startDim: 1) }, "A.t().flatten()": { try $0.A.t().flatten() },
        "a.flatten()": { try $0.a.flatten() }, "nn.Flatten()(T)": { try $0.T.flatten(startDim: 1) },
        "A.unsqueeze(0).squeeze()": { try $0.A.unsqueeze(0).squeeze() },
        "A.unsqueeze(0).squeeze(0)": { try $0.A.unsqueeze(0).squeeze([0]) },
        "A.unsqueeze(0)": { try $0.A.unsqueeze(0) }, "a.expand(2, 3)": { try $0.a.expand([2, 3]) },
        "a.contiguous()": { $0.a.contiguous() }, "A.t().contiguous()": { try $0.A.t().contiguous() },
        "a.clone()": { $0.a.clone() }, "a.detach()": { $0.a.detach() }, "a.double()": { $0.a.to(.float64) },
        "a.float()": { $0.a.to(.float32) }, "a.repeat(2)": { try $0.a.repeat([2]) },
        "A[0]": { try $0.A.index([.int(0)], isTuple: false) }, "a[-1]": { try $0.a.index([.int(-1)], isTuple: false) },
        "A[0, 1]": { try $0.A.index([.int(0), .int(1)], isTuple: true) },
        "A[:, 1]": { try $0.A.index([full, .int(1)], isTuple: true) },
        "A[0:1]": { try $0.A.index([.slice(start: 0, stop: 1, step: nil)], isTuple: false) },
        "A[:]": { try $0.A.index([full], isTuple: false) },
        "A[:, 1:]": { try $0.A.index([full, .slice(start: 1, stop: nil, step: nil)], isTuple: true) },
        "A[:, :]": { try $0.A.index([full, full], isTuple: true) }, "A[...]": { try $0.A.index([.ellipsis], isTuple: false) },
        "A[None]": { try $0.A.index([.newAxis], isTuple: false) },
        "a[::2]": { try $0.a.index([.slice(start: nil, stop: nil, step: 2)], isTuple: false) },
        "a[a > 0]": { try $0.a.index([.array(try positive($0.a).data)], isTuple: false) },
        "a[torch.tensor([0, 2])]": { try $0.a.index([indices([0, 2])], isTuple: false) },
        "A[[0, 1], [1, 2]]": { try $0.A.index([indices([0, 1]), indices([1, 2])], isTuple: true) },
        "A[:, torch.tensor([0, 2])]": { try $0.A.index([full, indices([0, 2])], isTuple: true) },
        "torch.cat([a, b])": { try Tensor.cat([$0.a, $0.b]) }, "torch.cat([c, a])": { try Tensor.cat([$0.c, $0.a]) },
        "torch.cat([A, C], dim=1)": { try Tensor.cat([$0.A, $0.C], dim: 1) },
        "torch.stack([a, b])": { try Tensor.stack([$0.a, $0.b]) }, "torch.stack([a, c])": { try Tensor.stack([$0.a, $0.c]) },
        "a.clamp(0, 1)": { try $0.a.clamp(min: .int(0), max: .int(1)) }, "a.clamp(min=0)": { try $0.a.clamp(min: .int(0), max: nil) },
        "a.clamp(min=torch.zeros(3))": { try $0.a.clamp(min: Tensor(try NDArray.zeros([3])), max: nil) },
        "torch.where(a > 0, a, b)": { try Tensor.where(try positive($0.a), t($0.a), t($0.b)) },
        "torch.where(a > 0, a, 0.0)": { try Tensor.where(try positive($0.a), t($0.a), d(0)) },
        "torch.where(a > 0, c, b)": { try Tensor.where(try positive($0.a), t($0.c), t($0.b)) },
        "torch.maximum(a, b)": { try $0.a.extremum($0.b, largest: true) },
        "torch.minimum(a, c)": { try $0.a.extremum($0.c, largest: false) },
        "a.unbind()[1]": { try $0.a.unbind()[1] }, "a.split(1)[1]": { try $0.a.split(size: 1)[1] },
        "A.chunk(3, dim=1)[2]": { try $0.A.chunk(3, dim: 1)[2] },
        "a.unbind()[1] * 2": { try $0.a.unbind()[1].mul(i(2)) }, "a.split(1)[2] * 2": { try $0.a.split(size: 1)[2].mul(i(2)) },
        "A.max(dim=1).values * 2": { try $0.A.extremum(largest: true, dim: 1, keepdim: false).values.mul(i(2)) },
        "y = a * 2; y.add_(1)": { let y = try doubled($0.a); try y.addInPlace(i(1)); return y },
        "y = a * 2; y += 1": { let y = try doubled($0.a); try y.addInPlace(i(1)); return y },
        "y = a * 2; y -= b": { let y = try doubled($0.a); try y.subInPlace(t($0.b)); return y },
        "y = a * 2; y *= 3": { let y = try doubled($0.a); try y.mulInPlace(i(3)); return y },
        "y = a * 2; y /= 3": { let y = try doubled($0.a); try y.divInPlace(i(3)); return y },
        "y = a * 2; y.mul_(b)": { let y = try doubled($0.a); try y.mulInPlace(t($0.b)); return y },
        "y = a * 2; y.neg_()": { let y = try doubled($0.a); try y.negInPlace(); return y },
        "y = a * 2; y.pow_(2)": { let y = try doubled($0.a); try y.powInPlace(i(2)); return y },
        "y = a * 2; y.exp_()": { let y = try doubled($0.a); try y.unaryInPlace(.exp); return y },
        "y = a * 2; y.relu_()": { let y = try doubled($0.a); try y.unaryInPlace(.relu); return y },
        "y = a * 2; F.relu(y, inplace=True)": { let y = try doubled($0.a); try y.unaryInPlace(.relu); return y },
        "y = a * 2; y.sigmoid_()": { let y = try doubled($0.a); try y.unaryInPlace(.sigmoid); return y },
        "y = a * 2; y.tanh_()": { let y = try doubled($0.a); try y.unaryInPlace(.tanh); return y },
        "y = a * 2; y.clamp_(0, 1)": { let y = try doubled($0.a); try y.clampInPlace(min: .int(0), max: .int(1)); return y },
        "y = a * 2; y.zero_()": { let y = try doubled($0.a); try y.zeroInPlace(); return y },
        "y = a * 2; y.fill_(1.0)": { let y = try doubled($0.a); try y.fillInPlace(.double(1)); return y },
        "y = a * 2; y.copy_(b)": { let y = try doubled($0.a); try y.copyInPlace(from: $0.b); return y },
        "y = a * 2; y.copy_(c)": { let y = try doubled($0.a); try y.copyInPlace(from: $0.c); return y },
        "y = a * 2; y.masked_fill_(y > 0, 0.0)": { let y = try doubled($0.a); try y.maskedFillInPlace(try positive(y), .double(0)); return y },
        "y = a * 2; y.unsqueeze_(0)": { let y = try doubled($0.a); try y.unsqueezeInPlace(0); return y },
        "y = a * 2; y[0] = 5": { let y = try doubled($0.a); try y.setItem([.int(0)], isTuple: false, value: i(5)); return y },
        "y = a * 2; y[0] = b[1]": { e in
            let y = try doubled(e.a)
            try y.setItem([.int(0)], isTuple: false, value: t(try e.b.index([.int(1)], isTuple: false)))
            return y
        },
        "y = A * 2; y[:, 0] = 0": { let y = try doubled($0.A); try y.setItem([full, .int(0)], isTuple: true, value: i(0)); return y },
        "y = a * 2; y[y > 0] = 0": { let y = try doubled($0.a); try y.setItem([.array(try positive(y).data)], isTuple: false, value: i(0)); return y },
        "y = a * 2; y[torch.tensor([0, 2])] = 0.0": { let y = try doubled($0.a); try y.setItem([indices([0, 2])], isTuple: false, value: d(0)); return y },
        "y = a * 2; y[torch.tensor([0, 2])] = torch.tensor([1.0, 2.0])": { e in
            let y = try doubled(e.a)
            try y.setItem([indices([0, 2])], isTuple: false, value: t(Tensor(array([1, 2]))))
            return y
        },
        "y = a * 2; y[torch.tensor([True, False, True])] = torch.tensor([1.0, 2.0])": { e in
            let y = try doubled(e.a)
            try y.setItem([.array(boolArray([true, false, true]))], isTuple: false, value: t(Tensor(array([1, 2]))))
            return y
        },
        "y = a * 2; y[0:2] = torch.tensor([1.0, 2.0])": { e in
            let y = try doubled(e.a)
            try y.setItem([.slice(start: 0, stop: 2, step: nil)], isTuple: false, value: t(Tensor(array([1, 2]))))
            return y
        },
        "y = a * 2; y[0:2] = b[:2]": { e in
            let y = try doubled(e.a)
            let source = try e.b.index([.slice(start: nil, stop: 2, step: nil)], isTuple: false)
            try y.setItem([.slice(start: 0, stop: 2, step: nil)], isTuple: false, value: t(source))
            return y
        },
        "y = A * 2; v = y[0]; v.mul_(2)": { e in
            let y = try doubled(e.A)
            try y.index([.int(0)], isTuple: false).mulInPlace(i(2))
            return y
        },
        "y = A * 2; v = y[0]; v.mul_(2); y = v": { e in
            let v = try doubled(e.A).index([.int(0)], isTuple: false)
            try v.mulInPlace(i(2))
            return v
        },
        "y = c * 2; y.add_(a)": { let y = try doubled($0.c); try y.addInPlace(t($0.a)); return y },
        "y = A * 2; y @= N": { try Tensor.matmul(try doubled($0.A), $0.N) },
        "lin(x2)": { try $0.lin($0.x2) }, "lin(x1)": { try $0.lin($0.x1) }, "lin(x3)": { try $0.lin($0.x3) },
        "lin(X)": { try $0.lin($0.X) }, "linnb(x2)": { try $0.linnb($0.x2) }, "linnb(x1)": { try $0.linnb($0.x1) },
        "F.linear(x2, lin.weight, lin.bias)": { try $0.lin($0.x2) },
        "net(x2)": { e in
            let hidden = try Functional.linear(e.x2, weight: e.net0Weight, bias: e.net0Bias).unary(.relu)
            return try Functional.linear(hidden, weight: e.net2Weight, bias: e.net2Bias)
        },
        "F.cross_entropy(L, tgt)": { try Functional.crossEntropy($0.L, $0.tgt) },
        "nn.CrossEntropyLoss()(L, tgt)": { try Functional.crossEntropy($0.L, $0.tgt) },
        "F.cross_entropy(L, tgt, reduction='none')": { try Functional.crossEntropy($0.L, $0.tgt, reduction: .none) },
        "F.cross_entropy(L, P)": { try Functional.crossEntropy($0.L, $0.P) },
        "F.nll_loss(F.log_softmax(L, dim=1), tgt)": { try Functional.nllLoss(try $0.L.softmax(dim: 1, log: true), $0.tgt) },
        "F.mse_loss(L, P)": { try Functional.mseLoss($0.L, $0.P) }, "F.mse_loss(P, L)": { try Functional.mseLoss($0.P, $0.L) },
        "F.binary_cross_entropy_with_logits(L, P)": { try Functional.binaryCrossEntropyWithLogits($0.L, $0.P) },
        "nn.BCEWithLogitsLoss()(L, P)": { try Functional.binaryCrossEntropyWithLogits($0.L, $0.P) },
        "F.binary_cross_entropy(torch.sigmoid(L), P)": { try Functional.binaryCrossEntropy(try $0.L.unary(.sigmoid), $0.P) },
        "F.l1_loss(L, P)": { try Functional.l1Loss($0.L, $0.P) },
        "F.dropout(a, 0.5)": { try Functional.dropout($0.a, p: 0.5, generator: $0.g) },
        "nn.Dropout(0.5)(a * 2)": { try Functional.dropout(try doubled($0.a), p: 0.5, generator: $0.g) },
        "F.dropout(a, 0.5, training=False)": { try Functional.dropout($0.a, p: 0.5, training: false, generator: $0.g) },
        "nn.Dropout(0.0)(a)": { try Functional.dropout($0.a, p: 0, generator: $0.g) },
    ]

    @Test func everyRecordHasACase() {
        #expect(Self.records.count == 192)
        let missing = Self.records.filter { Self.cases[$0.code] == nil }.map(\.code)
        #expect(missing.isEmpty, "\(missing)")
    }

    @Test(arguments: records)
    func graphMatchesPyTorch(_ record: Record) throws {
        let leaves = Leaves()
        let run = try #require(Self.cases[record.code])
        let result = try run(leaves)
        #expect(result.gradFn?.name == record.name)
        #expect(result.gradFn?.className == record.class_name)
        #expect(Self.render(result.gradFn, leaves) == record.graph)
        #expect(result.requiresGrad == record.requires_grad)
        #expect(result.isLeaf == record.is_leaf)
    }
}
