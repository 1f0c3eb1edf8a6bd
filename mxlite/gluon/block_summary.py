"""Block.summary(): the table of output shapes and parameter counts MXNet prints."""
from ..ndarray import NDArray

__all__ = ["summary"]

_ROW = "{:>20}  {:>42} {:>15}"
_THIN, _THICK = "-" * 80, "=" * 80


def _shapes(obj):
    if isinstance(obj, (list, tuple)):
        return [_shapes(item) for item in obj]
    return obj.shape if isinstance(obj, NDArray) else obj


def _shape_str(args):
    """Shapes of a (nested) output as summary() prints them (outer brackets dropped)."""
    shapes = _shapes(args)
    text = str(shapes)
    return text[1:-1] if isinstance(shapes, list) else text


def _print_table(rows):
    lines = [_THIN, _ROW.format("Layer (type)", "Output Shape", "Param #"), _THICK]
    lines += [_ROW.format(label, str(shape), count) for label, shape, count, _, _ in rows]
    total = sum(r[2] for r in rows)
    trainable = sum(r[3] for r in rows)
    shared = sum(r[4] for r in rows)
    lines += [_THICK,
              "Parameters in forward computation graph, duplicate included",
              "   Total params: %d" % total,
              "   Trainable params: %d" % trainable,
              "   Non-trainable params: %d" % (total - trainable),
              "Shared params in forward computation graph: %d" % shared,
              "Unique parameters in model: %d" % (total - shared),
              _THIN]
    for line in lines:
        print(line)


def summary(net, inputs):
    """Prints a table of the layers' output shapes and parameter counts for `inputs`."""
    from .nn.basic_layers import HybridSequential, Sequential

    # one row per executed layer: (label, output shape, params, trainable, shared)
    rows = [("Input", _shape_str(inputs), 0, 0, 0)]
    counted = set()

    def on_output(block, _inputs, outputs):
        sizes = [(p, p.data().size) for p in block.params.values()]
        trainable = sum(n for p, n in sizes if p.grad_req != "null")
        shared = 0
        for p, n in sizes:
            if p in counted:
                shared += n
            counted.add(p)
        label = "%s-%i" % (type(block).__name__, len(rows))
        rows.append((label, _shape_str(outputs), sum(n for _, n in sizes), trainable, shared))

    handles = []

    def attach(block):
        # containers only pass data through: their children get the rows
        if not isinstance(block, (Sequential, HybridSequential)):
            handles.append(block.register_forward_hook(on_output))

    try:
        net.apply(attach)
        net(*inputs)
        _print_table(rows)
    finally:
        for handle in handles:
            handle.detach()
