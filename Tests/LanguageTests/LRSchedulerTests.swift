import Testing
import TestSupport

/// torch.optim.lr_scheduler from the language, against what PyTorch 2.15 prints for the
/// same program: `initial_lr` in the groups, MultiStepLR's Counter, LambdaLR per group,
/// CosineAnnealingLR past T_max, the constructor's errors.
struct LRSchedulerTests {
    @Test func schedulersPrintWhatPyTorchPrints() {
        let (output, error) = runProgram("""
        import torch
        from torch import optim
        from torch.optim.lr_scheduler import MultiStepLR, LambdaLR, StepLR, ExponentialLR, CosineAnnealingLR
        w = torch.tensor([1.0], requires_grad=True)
        opt = optim.SGD([w], lr=1)
        s = MultiStepLR(opt, milestones=[2, 4, 4], gamma=0.5)
        print(opt)
        for e in range(6):
            opt.step()
            s.step()
            print(e, s.get_last_lr(), s.last_epoch)
        print(s.state_dict())
        o2 = optim.Adam([{"params": [w]}, {"params": [torch.zeros(1, requires_grad=True)], "lr": 0.1}], lr=0.01)
        l = LambdaLR(o2, [lambda e: 0.95 ** e, lambda e: 1 / (e + 1)])
        for e in range(3):
            o2.step()
            l.step()
        print(l.get_last_lr(), l.base_lrs, l.state_dict())
        c = CosineAnnealingLR(optim.SGD([w], lr=0.5), T_max=3, eta_min=0.01)
        vals = []
        for e in range(10):
            c.optimizer.step()
            c.step()
            vals.append(c.get_last_lr()[0])
        print(vals)
        print(type(c).__name__, StepLR, c.T_max)
        try:
            StepLR("x", 2)
        except TypeError as e:
            print("TypeError", e)
        try:
            StepLR(optim.SGD([w], lr=0.1), 2, last_epoch=3)
        except KeyError as e:
            print("KeyError", e)
        e = ExponentialLR(optim.SGD([w], lr=0.1), gamma=0.5)
        e.step()
        print(e.get_last_lr())
        """)
        #expect(error == nil)
        #expect(output == """
        SGD (
        Parameter Group 0
            dampening: 0
            differentiable: False
            foreach: None
            fused: None
            initial_lr: 1
            lr: 1
            maximize: False
            momentum: 0
            nesterov: False
            weight_decay: 0
        )
        0 [1] 1
        1 [0.5] 2
        2 [0.5] 3
        3 [0.125] 4
        4 [0.125] 5
        5 [0.125] 6
        {'milestones': Counter({4: 2, 2: 1}), 'gamma': 0.5, 'base_lrs': [1], 'last_epoch': 6, '_step_count': 7, '_is_initial': False, '_get_lr_called_within_step': False, '_last_lr': [0.125]}
        [0.00857375, 0.025] [0.01, 0.1] {'base_lrs': [0.01, 0.1], 'last_epoch': 3, '_step_count': 4, '_is_initial': False, '_get_lr_called_within_step': False, '_last_lr': [0.00857375, 0.025], 'lr_lambdas': [None, None]}
        [0.3775, 0.13250000000000006, 0.01, 0.13249999999999998, 0.3775000000000003, 0.5000000000000003, 0.37750000000000034, 0.13250000000000026, 0.01, 0.13249999999999998]
        CosineAnnealingLR <class 'torch.optim.lr_scheduler.StepLR'> 3
        TypeError str is not an Optimizer
        KeyError "param 'initial_lr' is not specified in param_groups[0] when resuming scheduler with last_epoch >= 0.\\nThis typically happens when:\\n1. You're trying to resume training from a checkpoint but haven't properly loaded the optimizer state\\n2. You're using last_epoch >= 0 for a fresh training run (not recommended)"
        [0.05]

        """)
    }
}
