import TestSupport
import Testing

/// The cycle collector frees groups of objects that only hold each other, and never an
/// object something else still reaches: a variable, a tuple, an iterator in progress, a
/// closure, a running function.
struct CycleCollectorTests {
    @Test func unreachableCyclesAreFreedAndGcCollectCountsThem() {
        let (output, error) = runProgram("""
        import gc
        gc.collect()
        a = []
        a.append(a)
        d = {}
        d['self'] = d
        del a, d
        print(gc.collect() >= 2, gc.collect())
        """)
        #expect(error == nil)
        #expect(output == "True 0\n")
    }

    @Test func whatIsStillReachableSurvivesEveryCollection() {
        // Many collections run while cyclic structures are reachable only through a tuple,
        // a dict being iterated, a closure, an instance and a running recursive function.
        let (output, error) = runProgram("""
        import gc
        def make_cycle(n):
            a = [n]
            a.append(a)
            return a
        held = (make_cycle(1),)
        box = {'k': make_cycle(2)}
        box['box'] = box
        def counter():
            count = [0]
            def step():
                count[0] += 1
                return step
            return step
        step = counter()
        class Tree:
            def __init__(self, parent):
                self.parent = parent
                self.children = []
                if parent is not None:
                    parent.children.append(self)
        root = Tree(None)
        for i in range(3):
            Tree(root)
        total = 0
        def deep(n):
            def again(k):
                return 0 if k == 0 else 1 + again(k - 1)
            gc.collect()
            return again(n)
        for key in box:
            for i in range(20000):
                make_cycle(i)
            gc.collect()
            total += deep(5)
        step()()
        print(held[0][0], held[0][1][0], box['k'][0], box['box']['k'][1][0], len(root.children), root.children[2].parent is root, total)
        print(step.__name__ if hasattr(step, '__name__') else 'step', step() is not None)
        """)
        #expect(error == nil)
        #expect(output == "1 1 2 2 3 True 10\nstep True\n")
    }
}
