"""A minimal Symbol: the recorded history returned by ``autograd.get_symbol``."""
import json

__all__ = ["Symbol"]


class Symbol:
    """A recorded graph: ``list_arguments()`` names its variables (var0, var1 …)."""

    def __init__(self, nodes, index=0):
        self._nodes = nodes
        self._index = index
        self._leaves = [n for n in nodes if n.grad_fns is None]
        constants = []
        seen = {id(n) for n in nodes}
        for n in nodes:
            for h in n.inputs or ():
                if h._node is None or id(h._node) not in seen:
                    constants.append(h)
        self._n_consts = len({id(c) for c in constants if c._node is None})

    def list_arguments(self):
        """Names of the graph's variables, in creation order."""
        return [f"var{i}" for i in range(len(self._leaves))]

    def list_outputs(self):
        return ["output"]

    @property
    def name(self):
        return "output"

    def tojson(self):
        """The graph as JSON (op count and argument names)."""
        ops = [n for n in self._nodes if n.grad_fns is not None]
        return json.dumps({"nodes": [{"op": "null", "name": a} for a in self.list_arguments()]
                           + [{"op": "op", "name": f"op{i}"} for i in range(len(ops))],
                           "heads": [[len(self._nodes) - 1, self._index, 0]]})

    def __repr__(self):
        return f"<Symbol {self.name}>"
