import numpy as np
for f in [lambda: np.zeros(-1), lambda: np.zeros(10**13), lambda: np.ones((2**40, 2**40)), lambda: np.arange(5)[7],
          lambda: np.arange(5) + np.arange(3), lambda: np.array([[1, 2], [3]]), lambda: np.arange(6).reshape(4, 5),
          lambda: np.random.seed(-1), lambda: np.random.randint(5, 2), lambda: np.array([1, 2])[1.5],
          lambda: np.sum(np.arange(3), axis=2), lambda: np.zeros(3).astype('foo'), lambda: np.dot(np.ones((2, 3)), np.ones((2, 3))),
          lambda: np.ones(3) @ 2, lambda: np.array([1, 2]) ** -1, lambda: np.array([]).max(), lambda: np.zeros(3)[::0],
          lambda: bool(np.ones(3)), lambda: np.array([1, 2, 3])[[5]], lambda: np.zeros((2, 2))[np.array([True])],
          lambda: np.ones(3).sum(axis=(0, 0)), lambda: np.zeros((2, 3)).transpose(0, 0), lambda: np.array([True]) - True]:
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)
