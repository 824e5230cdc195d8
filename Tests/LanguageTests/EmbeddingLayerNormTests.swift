import Testing
import TestSupport

/// Embedding and LayerNorm against PyTorch 2.15's output for the same program: gradcheck
/// of layer_norm (with weight and bias) and embedding, padding_idx from the end, reprs, and
/// PyTorch's messages for bad indices and shapes.
struct EmbeddingLayerNormTests {
    @Test func embeddingAndLayerNormMatchPyTorch() {
        let (output, error) = runProgram("""
        import torch
        from torch import nn
        import torch.nn.functional as F
        from torch.autograd import gradcheck

        torch.manual_seed(0)
        x = torch.randn(3, 2, 4, dtype=torch.float64, requires_grad=True)
        w = torch.randn(2, 4, dtype=torch.float64, requires_grad=True)
        b = torch.randn(2, 4, dtype=torch.float64, requires_grad=True)
        print(gradcheck(lambda x, w, b: F.layer_norm(x, (2, 4), w, b, eps=1e-3), (x, w, b)))
        print(gradcheck(lambda x: F.layer_norm(x, [4]), (x,)))
        table = torch.randn(5, 3, dtype=torch.float64, requires_grad=True)
        print(gradcheck(lambda t: F.embedding(torch.tensor([[0, 4], [4, 2]]), t), (table,)))
        e = nn.Embedding(10, 4, padding_idx=-1)
        print(e, e.padding_idx, e.weight[9], e.weight.shape)
        print(nn.LayerNorm([3], elementwise_affine=True, bias=False), nn.LayerNorm(8, eps=0.001).eps)
        print(F.layer_norm(torch.ones(2, 3), (3,)), F.embedding(torch.tensor([2]), torch.eye(3)))
        for bad in [lambda: e(torch.tensor([10])), lambda: e(torch.tensor([1.0])), lambda: F.layer_norm(torch.ones(2, 3), (2,))]:
            try:
                bad()
            except (IndexError, RuntimeError) as err:
                print(type(err).__name__, err)
        try:
            nn.Embedding(3, 2, padding_idx=3)
        except AssertionError as err:
            print("AssertionError", err)
        """)
        #expect(error == nil)
        #expect(output == """
        True
        True
        True
        Embedding(10, 4, padding_idx=9) 9 tensor([0., 0., 0., 0.], grad_fn=<SelectBackward0>) torch.Size([10, 4])
        LayerNorm((3,), eps=1e-05, elementwise_affine=True, bias=False) 0.001
        tensor([[0., 0., 0.],
                [0., 0., 0.]]) tensor([[0., 0., 1.]])
        IndexError index out of range in self
        RuntimeError Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.FloatTensor instead (while checking arguments for embedding)
        RuntimeError Given normalized_shape=[2], expected input with shape [*, 2], but got input of size[2, 3]
        AssertionError Padding_idx must be within num_embeddings

        """)
    }
}
