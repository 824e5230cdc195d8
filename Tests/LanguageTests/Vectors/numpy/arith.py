import numpy as np
for v in [np.array([1, 2]) / 2, np.array([1, 2]) // 2, np.array([1, 2], dtype=np.int32) + 1, np.array([1, 2], dtype=np.float32) + 1.5,
          np.array([True]) + 1, np.array([1, 2]) ** 2, 2 ** np.array([1, 2]), np.array([1, 2], dtype=np.int64) * np.float32(2),
          np.float32(2) + 1, np.int64(2) + 1.5, np.arange(3) // 0, np.power(2.0, np.arange(4))]:
    print(repr(v))
m = np.arange(12.0).reshape(3, 4)
print(m.sum(axis=0), m.sum(axis=1, keepdims=True), m.mean(), m.std(axis=0), m.var(ddof=1), np.median(m), m.argmax(axis=1))
print(m[:, ::-2], m[m > 6], m[[0, 2], [1, 3]], m[1, 2], type(m[1, 2]).__name__, m @ np.ones(4), np.dot(m[0], m[1]))
x = np.random.RandomState(1).randn(1000) * 1000
print(repr(x.sum()), repr(x.astype(np.float32).sum()), repr(x.mean()), repr(x.std()))
f = np.array([1.0, 2.0])
f += 1
f *= np.array([2, 3])
print(f)
i = np.array([1, 2])
try:
    i += 1.5
except Exception as e:
    print(type(e).__name__, e)
