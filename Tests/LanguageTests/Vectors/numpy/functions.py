import numpy as np
a = np.array([3, 1, 2])
tests = [
 lambda: np.sort(a), lambda: np.argsort(a), lambda: np.unique(np.array([3, 1, 3, 2])), lambda: np.mean([1, 2, 3]), lambda: np.sum([1.5, 2]),
 lambda: np.max([1, 5, 2]), lambda: a.sort(), lambda: np.exp(1.0), lambda: np.log(np.e), lambda: np.zeros((2, 2), dtype=np.float32).dtype,
 lambda: np.array([1, 2]).reshape(2, 1) * np.array([1, 2, 3]), lambda: np.ones((2, 3)).shape[0], lambda: np.arange(6).reshape(2, 3)[:, np.newaxis].shape,
 lambda: np.expand_dims(a, 0).shape, lambda: np.squeeze(np.ones((1, 3))).shape, lambda: np.count_nonzero(a > 1), lambda: np.argmax([1, 9, 2]),
 lambda: np.float32(1.5) * np.ones(2, dtype=np.float32), lambda: np.float32(3) / np.float32(2), lambda: np.sum(a) / len(a),
 lambda: np.isclose(0.1 + 0.2, 0.3), lambda: np.floor(2.5), lambda: np.ceil(np.array([1.2])), lambda: np.tile(a, 2), lambda: np.repeat(a, 2),
 lambda: np.flip(a), lambda: np.cumprod(a), lambda: np.diff(a), lambda: np.outer(a, a), lambda: np.ones(3).T, lambda: a.size,
 lambda: a.astype(float), lambda: a.astype('float32'), lambda: np.array([[1, 2], [3, 4]]).T.tolist(), lambda: a.mean(), lambda: np.std([1, 2, 3, 4]),
 lambda: np.array(range(5)), lambda: np.array([1.5, 2.5]).astype(int), lambda: np.array([-1.5, 2.5]).round(), lambda: np.mean(np.ones((2, 2)), axis=0),
 lambda: np.random.seed(0) or np.random.rand(2, 2).shape, lambda: np.amax(a), lambda: np.prod([1, 2, 3]), lambda: np.trace(np.eye(3)),
 lambda: np.array([1, 2, 3]).min(), lambda: float(np.array([2.5])), lambda: int(np.float64(3.9)),
 lambda: np.log10(100), lambda: np.sign(-2), lambda: np.empty(2).shape, lambda: np.array([[1, 2]]).ndim, lambda: a[-1], lambda: a[::2],
 lambda: np.int32(5) + np.int64(3), lambda: np.float16(1.5), lambda: np.array([200], dtype=np.uint8),
 lambda: np.array([1, 2]) == [1, 3], lambda: np.all([True, False]), lambda: np.logical_and(a > 1, a < 3), lambda: np.nonzero(a > 1),
 lambda: sum(np.array([1, 2])), lambda: max(np.array([1, 5])), lambda: sorted(np.array([3, 1])), lambda: list(np.arange(3)),
 lambda: np.array([1, 2]).dtype.itemsize, lambda: str(np.float64(1e-7)), lambda: np.float64(1) / 3, lambda: -np.float64(2), lambda: np.float64(2) > 1,
 lambda: np.array([1, 2]) * True, lambda: 1 - np.array([0.5]), lambda: np.array([[1, 2], [3, 4]]).sum(axis=-1),
]
for k, f in enumerate(tests):
    try:
        print(k, repr(f()))
    except Exception as e:
        print(k, type(e).__name__ + ":", e)
