import numpy as np
np.random.seed(0)
print(np.random.randn(5), np.random.rand(3), np.random.randn())
np.random.seed(5)
print(np.random.randint(0, 10, size=5), np.random.randint(3), np.random.choice(10, 3), np.random.permutation(6), np.random.choice(5, 3, replace=False))
a = np.arange(8)
np.random.shuffle(a)
print(a, np.random.normal(5.0, 2.0, 2), np.random.uniform(-1, 1, 3), np.random.RandomState(3).random(2))
