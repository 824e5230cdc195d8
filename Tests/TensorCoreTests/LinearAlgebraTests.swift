import TensorCore
import TestSupport
import Testing

/// matmul for every rank combination, BLAS transposes, and PyTorch's error messages.
struct LinearAlgebraTests {
    /// The product computed naively in double, for checking.
    static func reference(_ a: [Double], _ b: [Double], _ n: Int, _ k: Int, _ m: Int) -> [Double] {
        (0..<(n * m)).map { idx in
            let (i, j) = (idx / m, idx % m)
            return (0..<k).reduce(0) { $0 + a[i * k + $1] * b[$1 * m + j] }
        }
    }

    let a = array([1, 2, 3, 4, 5, 6], [2, 3])
    let b = array([1, 0, 2, -1, 3, 1], [3, 2])

    @Test(arguments: [DType.float32, .float64, .int64])
    func mmOnEveryNumericDtype(_ dtype: DType) throws {
        let p = try NDArray.mm(a.to(dtype), b.to(dtype))
        #expect(p.dtype == dtype)
        #expect(values(p) == Self.reference(values(a), values(b), 2, 3, 2))
    }

    @Test func transposedViewsGoToBlasWithoutCopies() throws {
        let at = try array(values(a), [3, 2]).t()   // a (2×3) stored transposed
        let p = try NDArray.mm(try a.t().t(), try b.t().t())
        #expect(values(p) == Self.reference(values(a), values(b), 2, 3, 2))
        let q = try NDArray.mm(at, b)
        #expect(values(q) == Self.reference(values(at.contiguous()), values(b), 2, 3, 2))
        let (operand, kept) = at.gemmOperand()
        #expect(operand.transposed && kept.storage === at.storage)
    }

    @Test func everyMatmulRankCombination() throws {
        let v3 = array([1, 2, 3]), v2 = array([1, -1])
        #expect(values(try NDArray.matmul(v3, v3)) == [14])
        #expect(try NDArray.matmul(v3, v3).shape == [])
        #expect(values(try NDArray.matmul(a, v3)) == [14, 32])
        #expect(values(try NDArray.matmul(v2, a)) == [-3, -3, -3])
        #expect(try NDArray.matmul(a, b).shape == [2, 2])
        let batch = try NDArray.arange(end: .int(12), dtype: .float32).view([2, 2, 3])
        let bv = try NDArray.matmul(batch, v3)
        #expect(bv.shape == [2, 2] && values(bv) == [8, 26, 44, 62])
        let bm = try NDArray.matmul(batch, b)
        #expect(bm.shape == [2, 2, 2])
        #expect(values(bm) == Self.reference(values(batch), values(b), 4, 3, 2))
        let vb = try NDArray.matmul(v2, batch)
        #expect(vb.shape == [2, 3] && values(vb) == [-3, -3, -3, -3, -3, -3])
        let mb = try NDArray.matmul(a, try batch.transpose(1, 2))
        #expect(mb.shape == [2, 2, 2])
        let bb = try NDArray.matmul(batch, try batch.transpose(1, 2))
        #expect(values(bb) == [5, 14, 14, 50, 149, 212, 212, 302])
        // Broadcast batch dimensions: (2, 1, 2, 3) @ (3, 3, 1) -> (2, 3, 2, 1)
        let left = try batch.view([2, 1, 2, 3])
        let right = try NDArray.ones([3, 3, 1])
        #expect(try NDArray.matmul(left, right).shape == [2, 3, 2, 1])
        #expect(values(try NDArray.bmm(batch, try batch.transpose(1, 2))) == values(bb))
    }

    @Test func dotAndMv() throws {
        #expect(values(try NDArray.dot(intArray([1, 2]), intArray([3, 4]))) == [11])
        #expect(values(try NDArray.mv(a, array([1, 1, 1]))) == [6, 15])
    }

    @Test func largeProductMatchesReference() throws {
        let n = 70, k = 33, m = 41
        let x = array((0..<(n * k)).map { Double($0 % 7) - 3 }, [n, k], dtype: .float64)
        let y = array((0..<(k * m)).map { Double($0 % 5) - 2 }, [k, m], dtype: .float64)
        #expect(values(try NDArray.mm(x, y)) == Self.reference(values(x), values(y), n, k, m))
    }

    @Test func emptyProducts() throws {
        let p = try NDArray.mm(try NDArray.zeros([2, 0]), try NDArray.zeros([0, 3]))
        #expect(p.shape == [2, 3] && values(p) == [0, 0, 0, 0, 0, 0])
        #expect(try NDArray.mm(try NDArray.zeros([0, 2]), try NDArray.zeros([2, 3])).shape == [0, 3])
    }

    @Test func errorMessages() {
        expectTensorError(.runtimeError, "mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)") {
            _ = try NDArray.matmul(try NDArray.zeros([2, 3]), try NDArray.zeros([4, 5]))
        }
        expectTensorError(.runtimeError, "mm: mat1 and mat2 shapes cannot be multiplied (6x4 and 5x6)") {
            _ = try NDArray.matmul(try NDArray.zeros([2, 3, 4]), try NDArray.zeros([5, 6]))
        }
        expectTensorError(.runtimeError,
            "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively") {
            _ = try NDArray.matmul(try NDArray.zeros([3]), try NDArray.zeros([4]))
        }
        expectTensorError(.runtimeError, "size mismatch, got input (2), mat (2x3), vec (4)") {
            _ = try NDArray.matmul(try NDArray.zeros([2, 3]), try NDArray.zeros([4]))
        }
        expectTensorError(.runtimeError, "Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].") {
            _ = try NDArray.matmul(try NDArray.zeros([2, 3, 4]), try NDArray.zeros([2, 5, 6]))
        }
        expectTensorError(.runtimeError, "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].") {
            _ = try NDArray.matmul(try NDArray.zeros([3]), try NDArray.zeros([2, 4, 5]))
        }
        expectTensorError(.runtimeError, "expected m1 and m2 to have the same dtype, but got: float != double") {
            _ = try NDArray.mm(try NDArray.zeros([2, 3]), try NDArray.zeros([3, 2], dtype: .float64))
        }
        expectTensorError(.runtimeError, "dot : expected both vectors to have same dtype, but found Float and Long") {
            _ = try NDArray.matmul(array([1, 2]), intArray([1, 2]))
        }
        expectTensorError(.notImplementedError, "\"addmm_impl_cpu_\" not implemented for 'Bool'") {
            _ = try NDArray.mm(boolArray([true], [1, 1]), boolArray([true], [1, 1]))
        }
        expectTensorError(.notImplementedError, "\"dot\" not implemented for 'Bool'") {
            _ = try NDArray.matmul(boolArray([true]), boolArray([true]))
        }
        expectTensorError(.runtimeError, "both arguments to matmul need to be at least 1D, but they are 0D and 1D") {
            _ = try NDArray.matmul(try NDArray.zeros([]), try NDArray.zeros([1]))
        }
    }
}
