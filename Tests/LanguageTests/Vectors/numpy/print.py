import numpy as np
print(np.arange(24).reshape(2, 3, 4))
print(repr(np.arange(30) * 1.5))
print(np.array([[1e-10, 1.0], [3.0, 4e10]]), np.array([1.5, np.nan]), np.array([np.inf, -2.25]))
print(repr(np.array([0.1, 0.25, 1 / 3], dtype=np.float32)), repr(np.array([1, 2], dtype=np.int32)), repr(np.zeros((0, 3))))
print(np.arange(2000), np.linspace(0, 1, 1001))
print(repr(np.float64(0.5)), np.float64(0.1) + np.float64(0.2), repr(np.float32(0.1)), repr(np.int64(281)), repr(np.True_), [np.float64(1.5)])
print(np.array(5.0), repr(np.array(7)), np.array([[True, False]]), np.array([1e16, 1]), np.array([0.0001, 123456.7]))
