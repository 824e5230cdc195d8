import TestSupport
import Testing

/// create_graph, backward(inputs=), gradgradcheck and torch.autograd.functional from the
/// language, printing what PyTorch prints.
struct HigherOrderProgramTests {
    @Test func functionalJacobiansHessiansAndProducts() {
        let run = runProgram("""
            import torch
            from torch.autograd.functional import jacobian, hessian, vjp, jvp, hvp, vhp
            def f(x):
                return x ** 2 + 3 * x
            def h(x, y):
                return x * y + y
            def cubic(x):
                return (x ** 3).sum()
            x = torch.tensor([1.0, 2.0, 3.0])
            print(jacobian(f, x))
            jx, jy = jacobian(h, (torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])))
            print(jx, jy)
            print(hessian(cubic, torch.tensor([1.0, 2.0])))
            print(vjp(f, x, torch.ones(3)))
            print(jvp(f, x, torch.ones(3)))
            print(hvp(cubic, torch.tensor([1.0, 2.0]), torch.ones(2)))
            print(vhp(cubic, torch.tensor([1.0, 2.0]), torch.ones(2))[1])
            print(jacobian(f, x, create_graph=True).requires_grad, x.requires_grad)
            print(torch.autograd.gradgradcheck(torch.sin, (torch.randn(3, dtype=torch.float64, requires_grad=True),)))
            jacobian(f, x, strict=True)
            """)
        #expect(run.output == """
            tensor([[5., 0., 0.],
                    [0., 7., 0.],
                    [0., 0., 9.]])
            tensor([[3., 0.],
                    [0., 4.]]) tensor([[2., 0.],
                    [0., 3.]])
            tensor([[ 6.,  0.],
                    [ 0., 12.]])
            (tensor([ 4., 10., 18.]), tensor([5., 7., 9.]))
            (tensor([ 4., 10., 18.]), tensor([5., 7., 9.]))
            (tensor(9.), tensor([ 6., 12.]))
            tensor([ 6., 12.])
            True False
            True

            """)
        #expect(run.error == "NotImplementedError: jacobian(strict=True) is not supported by tsh yet")
    }

    @Test func gradientsOfGradientsPrintTheirGraph() {
        let run = runProgram("""
            import torch
            x = torch.tensor(2.0, requires_grad=True)
            (dy,) = torch.autograd.grad(x ** 3, x, create_graph=True)
            print(dy, dy.grad_fn.name())
            (d2y,) = torch.autograd.grad(dy, x)
            print(d2y, d2y.requires_grad)
            w = torch.tensor(1.5, requires_grad=True)
            (w ** 4).backward(create_graph=True)
            print(w.grad, w.grad.requires_grad)
            a = torch.tensor([1.0, 2.0], requires_grad=True)
            b = torch.tensor([3.0, 4.0], requires_grad=True)
            (a * b).sum().backward(inputs=[b])
            print(a.grad, b.grad)
            """)
        #expect(run.error == nil)
        #expect(run.output == """
            tensor(12., grad_fn=<MulBackward0>) MulBackward0
            tensor(12.) False
            tensor(13.5000, grad_fn=<CopyBackwards>) True
            None tensor([1., 2.])

            """)
    }
}
