import TestSupport
import Testing

/// Ops declared once (OpDeclarations): reachable as methods and torch functions, with
/// help, out= and clear errors.
struct DeclaredOpsProgramTests {
    @Test func newOpsPrintWhatPyTorchPrints() {
        let run = runProgram("""
            import torch
            x = torch.tensor([1.0, float("nan"), float("inf")])
            print(x.isnan(), torch.isfinite(x), torch.nan_to_num(x, posinf=9.0))
            print(torch.tensor([[1, 2], [3, 4]]).cumsum(1), torch.arange(1, 5).cumprod(0))
            print(torch.full((2, 3), 2.0).scatter_(1, torch.tensor([[2], [0]]), 3.0, reduce="multiply"))
            print(torch.flip(torch.arange(4), [0]), torch.arange(6).view(2, 3).flip(0, 1))
            f = torch.ones(2, dtype=torch.float64)
            print(f.new_zeros(2, 2), f.new_tensor([1, 2]), f.new_full((2,), 3).dtype)
            o = torch.empty(2)
            print(torch.cumsum(torch.tensor([1.0, 2.0]), 0, out=o) is o, o)
            """)
        #expect(run.error == nil, "\(run.error ?? "")")
        #expect(run.output == """
            tensor([False,  True, False]) tensor([ True, False, False]) tensor([1., 0., 9.])
            tensor([[1, 3],
                    [3, 7]]) tensor([ 1,  2,  6, 24])
            tensor([[2., 2., 6.],
                    [6., 2., 2.]])
            tensor([3, 2, 1, 0]) tensor([[5, 4, 3],
                    [2, 1, 0]])
            tensor([[0., 0.],
                    [0., 0.]], dtype=torch.float64) tensor([1., 2.], dtype=torch.float64) torch.float64
            True tensor([1., 3.])

            """)
    }

    @Test func badArgumentsGetPyTorchsErrors() {
        #expect(runProgram("import torch\ntorch.ones(2).cumsum(None)").error == "TypeError: cumsum(): argument 'dim' must be int, not NoneType")
        #expect(runProgram("import torch\ntorch.ones(2).gather(0, torch.tensor([5]))").error
            == "RuntimeError: index 5 is out of bounds for dimension 0 with size 2")
        #expect(runProgram("import torch\ntorch.ones(2).new_ones(2, device='cuda')").error == "AssertionError: Torch not compiled with CUDA enabled")
        #expect(runProgram("import torch\na = torch.ones(2, requires_grad=True)\ntorch.add(a, a, out=torch.empty(2))").error
            == "RuntimeError: add(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.")
        #expect(runProgram("import torch\ntorch.add(torch.ones(2), 1.5, out=torch.zeros(2, dtype=torch.int64))").error
            == "RuntimeError: result type Float can't be cast to the desired output type Long")
        #expect(runProgram("import torch\ntorch.ones(2).scatter(0, torch.tensor([0]), torch.ones(1), reduce='max')").error
            == "RuntimeError: reduce argument must be either add or multiply, got max")
    }
}
