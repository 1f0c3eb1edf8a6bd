"""Cases of nd.contrib's transformer products (interleaved_matmul_*) and rand_zipfian for
tools/record_fuzz.py: random head counts and sizes (float32: MXNet's CPU kernels take no
other dtype), gradients of every input, the shape errors; rand_zipfian's dtypes, shapes and
expected counts (its samples are random)."""
import numpy as np

rs = np.random.RandomState(5)
F = "float32"
CASES = []


def case(name, expr, inputs, wrt=(), values=True):
    CASES.append((name, expr, inputs, list(wrt), 0, values))


def arr(*shape):
    return (rs.randn(*shape).round(3).tolist(), F)


for j in range(12):
    L, Lk, B, H, D = (int(v) for v in rs.randint(1, 5, 5))
    qkv, att = arr(L, B, H * D * 3), (rs.rand(B * H, L, L).round(3).tolist(), F)
    q, kv, att2 = arr(L, B, H * D), arr(Lk, B, H * D * 2), (rs.rand(B * H, L, Lk).round(3)
                                                            .tolist(), F)
    case(f"selfatt_qk_{j}", f"nd.contrib.interleaved_matmul_selfatt_qk(a, heads={H})",
         {"a": qkv}, ["a"])
    case(f"selfatt_valatt_{j}",
         f"nd.contrib.interleaved_matmul_selfatt_valatt(a, b, heads={H})",
         {"a": qkv, "b": att}, ["a", "b"])
    case(f"encdec_qk_{j}", f"nd.contrib.interleaved_matmul_encdec_qk(a, b, heads={H})",
         {"a": q, "b": kv}, ["a", "b"])
    case(f"encdec_valatt_{j}", f"nd.contrib.interleaved_matmul_encdec_valatt(a, b, heads={H})",
         {"a": kv, "b": att2}, ["a", "b"])

case("selfatt_qk_2d", "nd.contrib.interleaved_matmul_selfatt_qk(a, heads=2)", {"a": arr(3, 12)})
case("selfatt_valatt_len", "nd.contrib.interleaved_matmul_selfatt_valatt(a, b, heads=2)",
     {"a": arr(3, 2, 12), "b": arr(4, 3, 4)})
case("encdec_qk_batch", "nd.contrib.interleaved_matmul_encdec_qk(a, b, heads=2)",
     {"a": arr(3, 2, 4), "b": arr(5, 3, 8)})
case("encdec_valatt_len", "nd.contrib.interleaved_matmul_encdec_valatt(a, b, heads=2)",
     {"a": arr(5, 2, 8), "b": arr(4, 3, 4)})

for j, (t, n, r) in enumerate([([3, 10, 0], 5, 20), ([[3, 10], [0, 1]], 4, 20), ([7], 1, 8),
                               ([0, 999], 50, 1000)]):
    case(f"rand_zipfian_{j}", f"nd.contrib.rand_zipfian(a, {n}, {r})[0]",
         {"a": (t, F)}, values=False)
    case(f"rand_zipfian_true_{j}", f"nd.contrib.rand_zipfian(a, {n}, {r})[1]", {"a": (t, F)})
    case(f"rand_zipfian_sample_{j}", f"nd.contrib.rand_zipfian(a, {n}, {r})[2]",
         {"a": (t, F)}, values=False)
