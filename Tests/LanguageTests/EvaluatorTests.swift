import TestSupport
import Testing

/// Each construct of language.md run through the evaluator, with the output Python gives.
struct EvaluatorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let program: String
        let output: String
        var testDescription: String { program.split(separator: "\n").first.map(String.init) ?? "" }
    }

    static let cases: [Case] = [
        Case(program: "a = b = 3\nx, y = 1, 2\nx, y = y, x\nprint(a, b, x, y)", output: "3 3 2 1\n"),
        Case(program: "first, *rest = [1, 2, 3]\nprint(first, rest)", output: "1 [2, 3]\n"),
        Case(program: "x = 10\nx += 5\nx -= 3\nx *= 2\nx /= 4\nprint(x)", output: "6.0\n"),
        Case(program: "if 0:\n    print('a')\nelif []:\n    print('b')\nelse:\n    print('c')", output: "c\n"),
        Case(program: "i = 0\nwhile i < 3:\n    i += 1\nelse:\n    print('done', i)", output: "done 3\n"),
        Case(program: "for i in range(10):\n    if i == 2:\n        continue\n    if i == 4:\n        break\n    print(i)", output: "0\n1\n3\n"),
        Case(program: "def f(a, b=2, *args):\n    return a + b + len(args)\nprint(f(1), f(1, 5), f(1, 2, 3, 4), f(b=1, a=1))", output: "3 6 5 2\n"),
        Case(program: "def outer():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    inc()\n    return inc()\nprint(outer())", output: "2\n"),
        Case(program: "total = 0\ndef add(k):\n    global total\n    total += k\nadd(3)\nadd(4)\nprint(total)", output: "7\n"),
        Case(program: "print([x * y for x in range(3) for y in range(3) if x != y])", output: "[0, 0, 0, 2, 0, 2]\n"),
        Case(program: "print(1 < 2 < 3, 1 < 3 < 2, not 1, 2 and 3, 0 or 'z', None is None, 3 in [1, 3])", output: "True False False 3 z True True\n"),
        Case(program: "print('yes' if [] else 'no', (1,), [], {}, {'a': [1, (2, 3)]})", output: "no (1,) [] {} {'a': [1, (2, 3)]}\n"),
        Case(program: "s = 'Hello'\nprint(s.upper(), s.lower(), s.startswith('He'), s.replace('l', 'L'), '-'.join(['a', 'b']), ' x '.strip())", output: "HELLO hello True HeLLo a-b x\n"),
        Case(program: "d = {'a': 1}\nd.update({'b': 2})\nprint(d.get('c', 0), list(d.keys()), list(d.items()))", output: "0 ['a', 'b'] [('a', 1), ('b', 2)]\n"),
        Case(program: "d = {'a': 1}\nk = d.keys()\nd['b'] = 2\nprint(k, d.values(), d.items(), 'b' in k, len(k))",
             output: "dict_keys(['a', 'b']) dict_values([1, 2]) dict_items([('a', 1), ('b', 2)]) True 2\n"),
        Case(program: "import torch\nprint(torch.nn.Linear(2, 1).state_dict().keys())", output: "odict_keys(['weight', 'bias'])\n"),
        Case(program: "import torch\nx = torch.tensor([3., 1., 4., 1., 5.], requires_grad=True)\nv, i = torch.topk(x, 2)\nv.sum().backward()\nprint(v, i, x.grad)",
             output: "tensor([5., 4.], grad_fn=<TopkBackward0>) tensor([4, 2]) tensor([0., 0., 1., 0., 1.])\n"),
        Case(program: "import torch.nn.functional as F\nimport torch\nprint(F.one_hot(torch.tensor([0, 2]), 3), F.one_hot(torch.tensor([1, 0])).shape)",
             output: "tensor([[1, 0, 0],\n        [0, 0, 1]]) torch.Size([2, 2])\n"),
        Case(program: "squares = {k: k * k for k in range(4) if k != 2}\nprint(squares, {n: len(n) for n in ['ab', 'c']})",
             output: "{0: 0, 1: 1, 3: 9} {'ab': 2, 'c': 1}\n"),
        Case(program: "import torch\np = torch.nn.Parameter(torch.ones(2))\nopt = torch.optim.SGD([p], lr=0.1, momentum=0.9)\n(p * 2).sum().backward()\nopt.step()\nsd = opt.state_dict()\nprint(sd)\nother = torch.optim.SGD([p], lr=0.5, momentum=0.9)\nother.load_state_dict(sd)\nprint(other.param_groups[0]['lr'], other.state_dict()['state'], isinstance(p, torch.Tensor), type(p).__name__)",
             output: "{'state': {0: {'momentum_buffer': tensor([2., 2.])}}, 'param_groups': [{'lr': 0.1, 'momentum': 0.9, 'dampening': 0, 'weight_decay': 0, 'nesterov': False, 'maximize': False, 'foreach': None, 'differentiable': False, 'fused': None, 'params': [0]}]}\n0.1 {0: {'momentum_buffer': tensor([2., 2.])}} True Parameter\n"),
        Case(program: "xs = [3, 1, 2]\nxs.insert(0, 9)\nxs.extend([7])\nprint(xs.pop(), xs.index(1), sorted(xs), list(reversed(xs)))", output: "7 2 [1, 2, 3, 9] [2, 1, 3, 9]\n"),
        Case(program: "print(f'{3.14159:.2f}|{42:>5d}|{0.5:.0%}|{1234567:,}|{\"s\":^5}|{2**70}')", output: "3.14|   42|50%|1,234,567|  s  |1180591620717411303424\n"),
        Case(program: "print(7 // -2, 7 % -2, -7 % 2, 2 ** 100, 10 / 4, 0.1 + 0.2, 1e16, 123456789012345678.0)",
             output: "-4 -1 1 1267650600228229401496703205376 2.5 0.30000000000000004 1e+16 1.2345678901234568e+17\n"),
        Case(program: "print(int('12'), float('2.5'), str(3), bool(''), round(2.5), round(3.14159, 2), abs(-4), divmod(7, 2))", output: "12 2.5 3 False 2 3.14 4 (3, 1)\n"),
        Case(program: "print(isinstance(1, int), isinstance(True, int), type(1.5).__name__, hasattr('a', 'upper'), getattr([], 'nope', 5))", output: "True True float True 5\n"),
        Case(program: "print(min(3, 1, 2), max([4, 9]), sum([1, 2], 10), any([0, 1]), all([1, 0]), list(zip('ab', [1, 2])), list(enumerate('xy', 1)))",
             output: "1 9 13 True False [('a', 1), ('b', 2)] [(1, 'x'), (2, 'y')]\n"),
        Case(program: "x = 1\ndel x\nprint('x' in dir() if False else 'deleted')", output: "deleted\n"),
        Case(program: "assert 1 + 1 == 2, 'math'\nprint('ok')", output: "ok\n"),
        Case(program: "class Counter:\n    def __init__(self, start):\n        self.n = start\n    def bump(self, k=1):\n        self.n += k\n        return self.n\nc = Counter(5)\nc.bump()\nprint(c.bump(3), c.n)", output: "9 9\n"),
        Case(program: "import torch\nimport torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.scale = 3\n    def forward(self, x):\n        return x * self.scale\nprint(Net()(torch.ones(2)))",
             output: "tensor([3., 3.])\n"),
        Case(program: "import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super(Net, self).__init__()\n        self.fc = nn.Linear(1, 1)\nprint(Net())",
             output: "Net(\n  (fc): Linear(in_features=1, out_features=1, bias=True)\n)\n"),
        Case(program: "import torch\nx = torch.ones(2, requires_grad=True)\nwith torch.no_grad():\n    y = x * 2\nprint(y.requires_grad, torch.is_grad_enabled())", output: "False True\n"),
        Case(program: "import torch\nt = torch.ones(3)\nu = t\nu += 1\nv = t\nv @= torch.eye(3)\nprint(t, u is t, v is t)", output: "tensor([2., 2., 2.]) True False\n"),
        Case(program: "print(ones(2), matmul(ones(2), ones(2)), F.relu(tensor([-1.0, 1.0])))", output: "tensor([1., 1.]) tensor(2.) tensor([0., 1.])\n"),
        Case(program: "from torch import nn, optim\nimport torch.nn.functional as F\nprint(nn.Linear(2, 3).weight.shape, F.softmax(torch.zeros(2), dim=0))",
             output: "torch.Size([3, 2]) tensor([0.5000, 0.5000])\n"),
    ]

    @Test(arguments: cases)
    func runsAsPython(_ c: Case) {
        let (output, error) = runProgram(c.program)
        #expect(error == nil)
        #expect(output == c.output)
    }

    @Test func errorsNameTheirKind() {
        #expect(runProgram("print(q)").error == "NameError: name 'q' is not defined")
        #expect(runProgram("import matplotlib").error == "ModuleNotFoundError: No module named 'matplotlib'")
        #expect(runProgram("[1][3]").error == "IndexError: list index out of range")
        #expect(runProgram("{}['k']").error == "KeyError: 'k'")
        #expect(runProgram("1 / 0").error == "ZeroDivisionError: division by zero")
        #expect(runProgram("'a' + 1").error == "TypeError: unsupported operand type(s) for +: 'str' and 'int'")
        #expect(runProgram("def f(a):\n    return a\nf()").error == "TypeError: f() missing 1 required positional argument: 'a'")
        #expect(runProgram("x, y = [1]").error == "ValueError: not enough values to unpack (expected 2, got 1)")
        #expect(runProgram("assert False, 'no'").error == "AssertionError: no")
        #expect(runProgram("import torch\ntorch.ones(2, 3) @ torch.ones(4, 5)").error
                == "RuntimeError: mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)")
        #expect(runProgram("import torch\nprint(f'{torch.ones(2):.2f}')").error == "TypeError: unsupported format string passed to Tensor.__format__")
    }
}
