"""Cases of mx.nd.image (MXNet 1.9.1's image operators) for tools/record_fuzz.py: HWC/NHWC
uint8 and float images of a few sizes, every operator and parameter, and the bad calls.
Random operators are compared on shape and dtype, or on values where the draw cannot matter
(min_factor == max_factor)."""
import numpy as np

rs = np.random.RandomState(11)
U8, F, D = "uint8", "float32", "float64"
CASES = []


def case(name, expr, inputs, wrt=(), values=True):
    CASES.append((name, expr, inputs, list(wrt), 0, values))


def img(h, w, c=3, n=None, dtype=U8):
    shape = (h, w, c) if n is None else (n, h, w, c)
    a = rs.randint(0, 256, shape) if dtype == U8 else rs.uniform(0, 255, shape).round(2)
    return (a.tolist(), dtype)


IMGS = {"u8": img(4, 5), "u8b": img(3, 4, n=2), "f32": img(5, 4, dtype=F),
        "f64": img(3, 3, dtype=D), "u8g": img(4, 4, c=1), "f32b": img(3, 5, n=2, dtype=F)}

for k, v in IMGS.items():
    case(f"to_tensor_{k}", "nd.image.to_tensor(a)", {"a": v})
case("to_tensor_2d", "nd.image.to_tensor(a)", {"a": img(4, 5)}, values=False)
case("to_tensor_2d_bad", "nd.image.to_tensor(a[0])", {"a": img(4, 5)})

T = (rs.uniform(0, 1, (3, 4, 5)).round(3).tolist(), F)
TB = (rs.uniform(0, 1, (2, 3, 2, 3)).round(3).tolist(), F)
T1 = (rs.uniform(0, 1, (1, 3, 3)).round(3).tolist(), D)
for j, (mean, std) in enumerate([((0.1, 0.2, 0.3), (0.5, 0.6, 0.7)), (0.5, 2.0), ((0.4,), (0.3,)),
                                 ((1, 2, 3), 2)]):
    case(f"normalize_{j}", f"nd.image.normalize(a, mean={mean}, std={std})", {"a": T}, ["a"])
    case(f"normalize_b{j}", f"nd.image.normalize(a, mean={mean}, std={std})", {"a": TB}, ["a"])
case("normalize_1ch", "nd.image.normalize(a, mean=0.2, std=0.5)", {"a": T1}, ["a"])
case("normalize_int", "nd.image.normalize(a, mean=(1, 2, 3), std=(2, 2, 2))",
     {"a": ((rs.randint(0, 256, (3, 2, 2))).tolist(), "int32")})
case("normalize_u8", "nd.image.normalize(a, mean=(1, 2, 3), std=(2, 3, 2))",
     {"a": ((rs.randint(0, 256, (3, 2, 2))).tolist(), U8)})
case("normalize_bad_mean", "nd.image.normalize(a, mean=(1, 2), std=1)", {"a": T})
case("normalize_bad_std", "nd.image.normalize(a, mean=1, std=(1, 2, 3, 4))", {"a": T})
case("normalize_bad_c", "nd.image.normalize(a[:2], mean=1, std=1)", {"a": T})
case("normalize_bad_cb", "nd.image.normalize(a[:, :2], mean=1, std=1)", {"a": TB})
case("normalize_bad_2d", "nd.image.normalize(a[0], mean=1, std=1)", {"a": T})

for k in ("u8", "u8b", "f32", "f32b", "u8g"):
    for j, kw in enumerate(["size=(3, 2)", "size=3", "size=(7, 6)", "size=(3,)",
                            "size=3, keep_ratio=True", "size=7, keep_ratio=True",
                            "size=(3, 2), keep_ratio=True", "size=(6, 3), interp=0",
                            "size=(2, 5), interp=2", "size=(2, 2), interp=3",
                            "size=(8, 9), interp=3", "size=(3, 6), interp=4"]):
        case(f"resize_{k}_{j}", f"nd.image.resize(a, {kw})", {"a": IMGS[k]})
case("resize_nosize", "nd.image.resize(a)", {"a": IMGS["u8"]})
case("resize_3size", "nd.image.resize(a, size=(3, 2, 1))", {"a": IMGS["u8"]})
case("resize_2d", "nd.image.resize(a[0], size=(3, 2))", {"a": IMGS["u8"]})

for k in ("u8", "u8b", "f32", "f32b"):
    for j, (x, y, w, h) in enumerate([(0, 0, 2, 2), (1, 1, 2, 2), (2, 0, 2, 3), (0, 1, 1, 1)]):
        case(f"crop_{k}_{j}", f"nd.image.crop(a, {x}, {y}, {w}, {h})", {"a": IMGS[k]},
             ["a"] if k.startswith("f") else [])
case("crop_bad_x", "nd.image.crop(a, 4, 1, 2, 3)", {"a": IMGS["u8"]})
case("crop_bad_y", "nd.image.crop(a, 1, 3, 2, 3)", {"a": IMGS["u8"]})
case("crop_bad_2d", "nd.image.crop(a[0], 0, 0, 2, 1)", {"a": IMGS["u8"]})

for k in ("u8", "f32", "u8g"):
    for op in ("flip_left_right", "flip_top_bottom"):
        case(f"{op}_{k}", f"nd.image.{op}(a)", {"a": IMGS[k]}, ["a"] if k == "f32" else [])
        case(f"random_{op}_{k}", f"nd.image.random_{op}(a)", {"a": IMGS[k]}, values=False)
case("flip_left_right_batch", "nd.image.flip_left_right(a)", {"a": IMGS["u8b"]})
case("random_flip_top_bottom_batch", "nd.image.random_flip_top_bottom(a)", {"a": IMGS["u8b"]})

for k in ("u8", "f32", "f64"):
    for op in ("brightness", "contrast", "saturation"):
        for lo in (0.5, 1.0, 1.7):
            case(f"random_{op}_{k}_{lo}", f"nd.image.random_{op}(a, {lo}, {lo})",
                 {"a": IMGS[k]})
        case(f"random_{op}_{k}_range", f"nd.image.random_{op}(a, 0.5, 1.5)", {"a": IMGS[k]},
             values=False)
    case(f"random_hue_{k}_range", "nd.image.random_hue(a, 0.1, 0.4)", {"a": IMGS[k]},
         values=False)
    for al in ((0.1, 0.2, 0.3), (-0.5, 0.0, 0.25), (0.0, 0.0, 0.0)):
        case(f"adjust_lighting_{k}_{al[0]}", f"nd.image.adjust_lighting(a, alpha={al})",
             {"a": IMGS[k]})
    case(f"random_lighting_{k}", "nd.image.random_lighting(a, alpha_std=0.1)", {"a": IMGS[k]},
         values=False)
    case(f"random_lighting_{k}_zero", "nd.image.random_lighting(a, alpha_std=0.0)",
         {"a": IMGS[k]})
    case(f"random_color_jitter_{k}", "nd.image.random_color_jitter(a, 0.1, 0.2, 0.3, 0.05)",
         {"a": IMGS[k]}, values=False)
case("random_hue_zero", "nd.image.random_hue(a, 0, 0)", {"a": IMGS["u8"]})
case("random_brightness_batch", "nd.image.random_brightness(a, 1, 1)", {"a": IMGS["u8b"]})
case("adjust_lighting_batch", "nd.image.adjust_lighting(a, alpha=(0.1, 0.2, 0.3))",
     {"a": IMGS["u8b"]})
case("adjust_lighting_2alpha", "nd.image.adjust_lighting(a, alpha=(0.1, 0.2))", {"a": IMGS["u8"]})
case("random_color_jitter_batch", "nd.image.random_color_jitter(a, 0.1, 0, 0, 0)",
     {"a": IMGS["u8b"]})
case("random_lighting_batch", "nd.image.random_lighting(a)", {"a": IMGS["u8b"]})
case("random_color_jitter_zero", "nd.image.random_color_jitter(a, 0, 0, 0, 0)",
     {"a": IMGS["u8"]})
case("normalize_default", "nd.image.normalize(a)", {"a": T})
case("crop_negative_x", "nd.image.crop(a, -1, 0, 2, 3)", {"a": IMGS["u8"]})
case("to_tensor_grad", "nd.image.to_tensor(a)", {"a": IMGS["f32"]}, ["a"])
