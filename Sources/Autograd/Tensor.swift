/// A tensor as users see it: data, and the autograd state PyTorch keeps beside it.
///
/// Mirrors torch.Tensor. A class, because tensors have reference semantics in PyTorch:
/// two names bound to one tensor see the same `grad`, `requires_grad` and data.
package final class Tensor {
    package var data: NDArray
    package var requiresGrad: Bool
    package var grad: Tensor?
    /// The node that produced this tensor; nil for leaves.
    package var gradFn: Node?
    /// An nn.Parameter prints as `Parameter containing:` above the tensor.
    package var isParameter: Bool

    package init(_ data: NDArray, requiresGrad: Bool = false, gradFn: Node? = nil, isParameter: Bool = false) {
        self.data = data
        self.requiresGrad = requiresGrad
        self.gradFn = gradFn
        self.isParameter = isParameter
    }

    package var shape: [Int] { data.shape }
    package var dtype: DType { data.dtype }
    package var rank: Int { data.rank }
    package var count: Int { data.count }
    package var isLeaf: Bool { gradFn == nil }
}

/// A function in the autograd graph, named as PyTorch names it (`AddBackward0`, ...).
package class Node {
    package let name: String

    package init(name: String) {
        self.name = name
    }
}
