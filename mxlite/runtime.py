"""``mx.runtime``: build features (what real MXNet was compiled with; mxlite's answers)."""
__all__ = ["Features", "feature_list"]

_FEATURES = {"CUDA": False, "CUDNN": False, "NCCL": False, "OPENMP": False, "SSE": False,
             "F16C": False, "BLAS_OPEN": True, "LAPACK": True, "MKLDNN": False, "OPENCV": False,
             "DIST_KVSTORE": False, "INT64_TENSOR_SIZE": False, "SIGNAL_HANDLER": False,
             "DEBUG": False, "TVM_OP": False}


class Feature:
    def __init__(self, name, enabled):
        self.name, self.enabled = name, enabled

    def __repr__(self):
        return f"{'✔' if self.enabled else '✖'} {self.name}"


class Features(dict):
    """Dict of feature name -> Feature, with ``is_enabled(name)``."""

    def __init__(self):
        super().__init__((k, Feature(k, v)) for k, v in _FEATURES.items())

    def is_enabled(self, feature_name):
        name = feature_name.upper()
        if name not in self:
            raise RuntimeError(f"Feature '{feature_name}' is unknown, known features are: "
                               f"{list(self)}")
        return self[name].enabled


def feature_list():
    return list(Features().values())
