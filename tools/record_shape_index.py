"""Records MXNet 1.9.1's behaviour for the shape (group D), indexing (group E) and random
(group I) operators into tests/fixtures/shape_index.json.

Run with the reference:  ../shared/tools/mxnet-ref tools/record_shape_index.py

Every case is a Python expression over `nd` (mx.nd in the reference, mxlite.nd in the tests)
and `np`; the fixture stores its outputs (shape, dtype, values) or the exception it raised.
Gradient cases give an expression of `x` and store x.grad for a ones head gradient.
Random cases store shapes and dtypes only.
"""
import json
import os

import numpy as np

from fixture_io import write_bytes  # noqa: E402

X = "nd.arange(24).reshape((2,3,4))"
A = "nd.array([[1,2],[3,4],[5,6]])"
Q = "nd.arange(6).reshape((3,2,1))"
Y4 = "nd.arange(1,5).reshape((1,1,2,2))"

FORWARD = [
    # ---- group D
    f"nd.reshape({X}, (4,0,2))", f"nd.reshape({X}, (-4,1,2,-2))", f"nd.reshape({X}, (2,-4,-1,3,-2))",
    f"nd.reshape({X}, (-3,-2))", f"nd.reshape({X}, (0,-3))", f"nd.reshape({X}, (-2,1,1))",
    f"nd.reshape({X}, (3,-1,8))", "nd.reshape(nd.ones((10,5,4)), (-1,0), reverse=True)",
    "nd.reshape(nd.ones((10,5,4)), (-1,0))",
    f"nd.reshape({X}, (-1,-1))", f"nd.reshape({X}, (-4,3,3,-2))", f"nd.reshape({X}, (-4,-1,-1,3,4))",
    f"nd.reshape({X}, (0,0,0,0))", f"nd.reshape({X}, (-5,))", f"{X}.reshape((2,3))",
    f"nd.flatten({X})", "nd.flatten(nd.array([1,2,3]))", f"nd.expand_dims({X}, axis=-4)",
    f"nd.expand_dims({X}, axis=4)", "nd.squeeze(nd.ones((1,1)))", f"nd.squeeze({X}, axis=0)",
    f"nd.transpose({X})", f"nd.transpose({X}, axes=(1,0,2))", f"nd.transpose({X}, axes=(0,1))",
    f"nd.swapaxes({X})", f"nd.swapaxes({X}, 0, 2)", f"nd.SwapAxis({X}, dim1=-1, dim2=0)",
    f"nd.swapaxes({X}, 0, 5)", f"nd.flip({X}, axis=1)", f"nd.flip({X}, axis=(0,2))",
    f"nd.reverse({X}, axis=3)",
    "nd.tile(nd.array([1,2]), reps=(2,2))", f"nd.tile({X}, reps=(2,))", f"nd.tile({X}, reps=(2,1,1,1))",
    "nd.repeat(nd.array([[1,2],[3,4]]), repeats=2)", "nd.repeat(nd.array([[1,2],[3,4]]), repeats=2, axis=-1)",
    "nd.repeat(nd.array([[1,2],[3,4]]), repeats=2, axis=2)", "nd.repeat(nd.array([[1,2],[3,4]]), repeats=-1)",
    f"nd.pad({Y4}, mode='constant', pad_width=(0,0,0,0,1,1,1,1), constant_value=7)",
    f"nd.pad({Y4}, mode='edge', pad_width=(0,0,0,0,1,1,1,1))",
    f"nd.pad({Y4}, mode='reflect', pad_width=(0,0,0,0,1,0,0,1))",
    "nd.pad(nd.arange(8).reshape((1,1,2,2,2)), mode='edge', pad_width=(0,0,0,0,1,0,0,1,1,0))",
    "nd.pad(nd.ones((2,3)), mode='constant', pad_width=(1,1,1,1))",
    f"nd.pad({Y4}, mode='constant', pad_width=(1,0,0,0,1,1,1,1))",
    f"nd.pad({Y4}, mode='wrap', pad_width=(0,0,0,0,1,1,1,1))",
    f"nd.pad({Y4}, mode='reflect', pad_width=(0,0,0,0,2,2,2,2))",
    "nd.concat(nd.array([1,2]), nd.array([3,4]))", "nd.concat(nd.array([1,2]), nd.array([3,4]), dim=0)",
    "nd.concat([nd.array([1,2]), nd.array([3,4])], dim=0)",
    "nd.concat(nd.ones((2,1)), nd.zeros((2,2)))", "nd.concat(nd.ones((2,1)), nd.zeros((2,2)), dim=-1)",
    "nd.concat(nd.ones((2,1)), nd.zeros((3,2)))",
    "nd.concat(nd.ones((2,1)), nd.zeros((2,2), dtype='float64'))",
    "nd.concat(nd.array([[1]], dtype='int32'), nd.array([[2]], dtype='int32'), num_args=2)",
    "nd.stack(nd.array([1,2]), nd.array([3,4]))", "nd.stack(nd.array([1,2]), nd.array([3,4]), axis=-1)",
    "nd.stack(nd.array([1,2]), nd.array([3,4]), axis=2)", "nd.stack([nd.array([1,2]), nd.array([3,4])])",
    "nd.split(nd.arange(12).reshape((2,6)), num_outputs=3)",
    "nd.split(nd.arange(12).reshape((2,6)), num_outputs=2, axis=0, squeeze_axis=True)",
    "nd.split(nd.arange(12).reshape((2,6)), num_outputs=1)",
    "nd.split(nd.arange(12).reshape((2,6)), num_outputs=4)",
    "nd.split(nd.arange(12).reshape((2,6)), num_outputs=3, squeeze_axis=True)",
    "nd.split(nd.arange(6), num_outputs=2)",
    "nd.split_v2(nd.arange(6), 3)", "nd.split_v2(nd.arange(6), (1,4))", "nd.split_v2(nd.arange(6), [1,4])",
    "nd.split_v2(nd.arange(6), 4)", "nd.split_v2(nd.arange(6).reshape((3,2)), 3, squeeze_axis=True)",
    "nd.split_v2(nd.arange(6), (0,2))", "nd.split_v2(nd.arange(6).reshape((2,3)), (1,), axis=1)",
    "nd.split_v2(nd.arange(6), (2,8))",
    "nd.broadcast_to(nd.ones((2,1,4)), (0,3,0))", f"nd.broadcast_to({X}, (2,5,4))",
    "nd.broadcast_axis(nd.ones((2,1)), axis=1, size=3)", f"nd.broadcast_axis({X}, axis=1, size=5)",
    "nd.broadcast_like(nd.ones((1,3)), nd.ones((2,3)))", f"nd.broadcast_like({X}, {X}, lhs_axes=(), rhs_axes=())",
    f"nd.reshape_like({X}, nd.zeros((4,6)))",
    f"nd.reshape_like({X}, nd.zeros((4,3)), lhs_begin=1, lhs_end=2, rhs_begin=1, rhs_end=None)",
    f"nd.reshape_like({X}, nd.zeros((4,5)))",
    f"nd.slice_like({X}, nd.zeros((1,2,3)))", f"nd.slice_like({X}, nd.zeros((1,2,3)), axes=(0,-1))",
    f"nd.slice_like({X}, nd.zeros((1,2)))", f"nd.slice_like({X}, nd.zeros((5,2,3)))",
    "nd.depth_to_space(nd.arange(16).reshape((1,4,2,2)), 2)",
    "nd.space_to_depth(nd.arange(16).reshape((1,1,4,4)), 2)",
    "nd.depth_to_space(nd.ones((1,3,2,2)), 2)", "nd.depth_to_space(nd.ones((4,2,2)), 2)",
    "nd.diag(nd.array([1,2]))", "nd.diag(nd.array([1,2]), k=-1)", "nd.diag(nd.arange(6).reshape((2,3)), k=1)",
    "nd.diag(nd.arange(6).reshape((2,3)), k=5)", f"nd.diag({X}, k=0, axis1=0, axis2=2)",
    f"nd.diag({X}, k=-1)", f"nd.diag({X}, axis1=1, axis2=1)",
    # ---- group E
    f"nd.slice({X}, begin=(0,1), end=(2,3))", f"nd.slice({X}, begin=(None,1), end=(None,None), step=(None,-1))",
    f"nd.slice({X}, begin=(1,None), end=(None,0), step=(-1,-1))", f"nd.slice({X}, begin=(-1,-2), end=(None,-1))",
    f"nd.slice({X}, begin=(0,), end=(5,))", f"nd.slice({X}, begin=(0,), end=(2,), step=(0,))",
    f"nd.slice({X}, begin=(0,0,0,0), end=(1,1,1,1))", f"nd.slice({X}, begin=(0,0), end=(1,))",
    f"nd.crop({X}, begin=(0,1), end=(1,2))",
    f"nd.slice_axis({X}, axis=1, begin=1, end=None)", f"nd.slice_axis({X}, axis=-1, begin=-3, end=-1)",
    f"nd.slice_axis({X}, axis=3, begin=0, end=1)", f"nd.slice_axis({X}, axis=1, begin=0, end=5)",
    f"nd.slice_axis({X}, axis=1, begin=2, end=1)",
    f"nd.take({A}, nd.array([7,-3,1.7]))", f"nd.take({A}, nd.array([7,-3,1.7,-1]), mode='wrap')",
    f"nd.take({A}, nd.array([7]), mode='raise')", f"nd.take({A}, nd.array([[1,0],[0,0]]), axis=1)",
    f"nd.take({A}, nd.array([1]), axis=-1)", f"nd.take({A}, nd.array([1]), axis=2)",
    f"nd.take({A}, nd.array([1,2], dtype='int32'))", f"nd.take({A}.astype('int32'), nd.array([1,2]))",
    "nd.take(nd.array([1,2,3]), nd.array([-0.5,-1.5]), mode='wrap')", f"nd.take({A}, nd.array([1]), mode='foo')",
    f"nd.batch_take({A}, nd.array([0,1,5], dtype='int32'))", f"nd.batch_take({A}, nd.array([0,1,1]))",
    "nd.batch_take(nd.array([[1,2],[3,4]]), nd.array([5,-1], dtype='int32'))",
    f"nd.pick({A}, nd.array([0,5,-1]))", f"nd.pick({A}, nd.array([0,5,-1]), mode='wrap')",
    f"nd.pick({A}, nd.array([0,2]), axis=0)", f"nd.pick({A}, nd.array([0,1,1]), keepdims=True)",
    f"nd.pick({A}, nd.array([3]), axis=None)", f"nd.pick({A}, nd.array([0,1,1], dtype='int32'))",
    f"nd.pick({A}, nd.array([0,1]))", f"nd.pick({A}, nd.array([[0],[1],[1]]))",
    f"nd.pick({A}, nd.array([0,1,1]), axis=2)", f"nd.pick({A}, nd.array([0,1,1]), mode='raise')",
    f"nd.choose_element_0index({A}, nd.array([0,1,1]))",
    f"nd.fill_element_0index({A}, nd.array([9,8,7]), nd.array([0,1,1]))",
    "nd.one_hot(nd.array([1,0,5,-1,2.7]), 3)", "nd.one_hot(nd.array([-0.5, 2.9]), 3)",
    "nd.one_hot(nd.array([[1,0]]), 3, on_value=8, off_value=-1, dtype='int32')",
    "nd.one_hot(nd.array([1,0], dtype='int32'), 2)",
    "nd.gather_nd(nd.array([[1,2],[3,4]]), nd.array([[1,0],[0,1]]))",
    "nd.gather_nd(nd.array([[1,2],[3,4]]), nd.array([[1,0]]))",
    "nd.gather_nd(nd.array([[1,2],[3,4]]), nd.array([[-1,0]]))",
    "nd.gather_nd(nd.array([[1,2],[3,4]]), nd.array([[1],[0],[0]]))",
    "nd.gather_nd(nd.array([[1,2],[3,4]]), nd.array([1,0]))",
    "nd.scatter_nd(nd.array([2,3]), nd.array([[1,1],[0,1]]), shape=(2,2))",
    "nd.scatter_nd(nd.array([[2,3]]), nd.array([[1]]), shape=(2,2))",
    "nd.SequenceMask(nd.ones((3,2,1)))",
    "nd.SequenceMask(nd.ones((3,2,1)), nd.array([1,3]), use_sequence_length=True, value=-1)",
    "nd.SequenceMask(nd.ones((2,3)), nd.array([1,2]), use_sequence_length=True, axis=1)",
    "nd.SequenceMask(nd.ones((2,3,1)), nd.array([1,2]), use_sequence_length=True, axis=2)",
    "nd.SequenceMask(nd.ones((3,2,1)), use_sequence_length=True)",
    "nd.SequenceMask(nd.ones((3,2,1)), nd.array([5,0]), use_sequence_length=True)",
    "nd.SequenceMask(nd.ones((3,2,1)), nd.array([1.7,0.2]), use_sequence_length=True)",
    "nd.SequenceMask(nd.ones((3,2,1)), nd.array([1,2], dtype='int32'), use_sequence_length=True)",
    "nd.SequenceMask(nd.ones((3,2,1)), nd.array([1,2,3]), use_sequence_length=True)",
    "nd.SequenceMask(nd.arange(3), nd.array([1]), use_sequence_length=True)",
    f"nd.SequenceLast({Q})", f"nd.SequenceLast({Q}, nd.array([1,3]), use_sequence_length=True)",
    "nd.SequenceLast(nd.arange(6).reshape((2,3)), nd.array([1,2]), use_sequence_length=True, axis=1)",
    f"nd.SequenceReverse({Q})", f"nd.SequenceReverse({Q}, nd.array([2,3]), use_sequence_length=True)",
    "nd.SequenceReverse(nd.arange(6).reshape((2,3)), nd.array([1,2]), use_sequence_length=True, axis=1)",
    "nd.ravel_multi_index(nd.array([[3,6,6],[4,5,1]]), shape=(7,6))",
    "nd.ravel_multi_index(nd.array([[9],[4]]), shape=(7,6))",
    "nd.ravel_multi_index(nd.array([[3],[4]], dtype='int32'), shape=(7,6))",
    "nd.ravel_multi_index(nd.array([[1,2,3]]), shape=(7,6))",
    "nd.unravel_index(nd.array([22,41,37]), shape=(7,6))", "nd.unravel_index(nd.array([50,-1]), shape=(7,6))",
    "nd.unravel_index(nd.array([22], dtype='int32'), shape=(7,6))",
    "nd.histogram(nd.array([0,1,1,2,3,5]), bins=3)", "nd.histogram(nd.array([0,1,1,2,3,5]), bins=3, range=(0,3))",
    "nd.histogram(nd.array([0,1,1,2,3,5]), bins=nd.array([0,2,4,6]))",
    "nd.histogram(nd.array([1,1]), bins=None)",
    "nd.contrib.boolean_mask(nd.array([[1,2],[3,4],[5,6]]), nd.array([0,1,1]))",
    "nd.contrib.boolean_mask(nd.array([[1,2],[3,4],[5,6]]), nd.array([0,0,0]))",
    "nd.contrib.boolean_mask(nd.array([[1,2],[3,4],[5,6]]), nd.array([0,1]))",
    "nd.contrib.boolean_mask(nd.array([[1,2],[3,4],[5,6]]), nd.array([0,2,-1], dtype='int32'))",
    "nd.contrib.index_copy(nd.zeros((4,2)), nd.array([2,0]), nd.array([[1,2],[3,4]]))",
    "nd.contrib.index_copy(nd.zeros((4,2)), nd.array([1,0], dtype='int32'), nd.array([[1,2],[3,4]]))",
    "nd.contrib.index_copy(nd.zeros(4), nd.array([1,0]), nd.array([5,6]))",
    "nd.contrib.index_copy(nd.zeros((4,2)), nd.array([1,0]), nd.array([[1,2,3],[3,4,5]]))",
    "nd.contrib.isinf(nd.array([1,np.inf,-np.inf,np.nan]))",
    "nd.contrib.isnan(nd.array([1,np.inf,-np.inf,np.nan], dtype='float64'))",
    "nd.contrib.isfinite(nd.array([1,np.inf,-np.inf,np.nan]))",
    "nd.contrib.isfinite(nd.array([1,2], dtype='int32'))",
    "nd.contrib.allclose(nd.array([1,2]), nd.array([1,2.000001]))",
    "nd.contrib.allclose(nd.array([1,2]), nd.array([1,2.1]))",
    "nd.contrib.allclose(nd.array([1,np.nan]), nd.array([1,np.nan]))",
    "nd.contrib.allclose(nd.array([1,np.nan]), nd.array([1,np.nan]), equal_nan=False)",
    "nd.contrib.allclose(nd.array([1]), nd.array([1.001]), rtol=1e-2, atol=0)",
    "nd.contrib.arange_like(nd.ones((2,3)))", "nd.contrib.arange_like(nd.ones((2,3)), start=1, step=2, axis=1)",
    "nd.contrib.arange_like(nd.ones((2,3)), repeat=2)", "nd.contrib.arange_like(nd.ones((2,3), dtype='int32'))",
    "nd.contrib.arange_like(nd.ones((2,), dtype='float64'), start=0.5)",
    # ---- float attributes where MXNet's parser wants ints; int64 indices
    "nd.one_hot(nd.array([1]), 2.0)", f"nd.repeat({X}, repeats=1.5)", f"nd.tile({X}, reps=(1.5,))",
    f"nd.split({X}, num_outputs=1.5)", f"nd.slice({X}, begin=(0.5,), end=(1,))",
    f"nd.slice_axis({X}, axis=0, begin=0.5, end=1)", f"nd.take({X}, nd.array([0]), axis=0.5)",
    f"nd.expand_dims({X}, axis=0.5)", f"nd.flip({X}, axis=0.5)", f"nd.swapaxes({X}, 0.5, 1)",
    f"nd.transpose({X}, axes=(0.5,1,2))", f"nd.reshape({X}, (2.5,-1))", f"nd.concat({X}, {X}, dim=0.5)",
    f"nd.pick({X}, nd.zeros((2,3)), axis=2.0)", f"nd.diag({X}, k=0.5)", "nd.squeeze(nd.ones((1,2)), axis=0.0)",
    f"nd.split_v2({X}, 1.5)",
    "nd.gather_nd(nd.array([[1,2],[3,4]]), nd.array([[1,0]], dtype='int64'))",
    "nd.take(nd.array([[1,2],[3,4]]), nd.array([1], dtype='int64'))",
    "nd.pick(nd.array([[1,2],[3,4]]), nd.array([1,0], dtype='int64'))",
    "nd.one_hot(nd.array([1,0], dtype='int64'), 3)",
    # ---- group I densities (deterministic); gamma's beta is a RATE here
    "nd.random_pdf_normal(nd.array([[0.5,1,2],[0.1,0.2,0.3]]), nd.array([0.,1]), nd.array([1.,2]))",
    "nd.random_pdf_normal(nd.array([[0.5,1,2],[0.1,0.2,0.3]]), nd.array([0.,1]), nd.array([1.,2]), is_log=True)",
    "nd.random_pdf_uniform(nd.array([[0.5,0.7],[0.1,0.2]]), nd.array([0.,0]), nd.array([1.,0.25]))",
    "nd.random_pdf_gamma(nd.array([[0.5,1,2],[0.1,0.2,0.3]]), nd.array([2.,3]), nd.array([1.,2]))",
    "nd.random_pdf_exponential(nd.array([[0.5,1,2],[0.1,0.2,0.3]]), nd.array([2.,3]))",
    "nd.random_pdf_poisson(nd.array([[0,1,2],[3,4,5]]), nd.array([2.,3]))",
    "nd.random_pdf_negative_binomial(nd.array([[0,1,2],[3,4,5]]), nd.array([2.,3]), nd.array([0.5,0.3]))",
    "nd.random_pdf_generalized_negative_binomial(nd.array([[0,1,2],[3,4,5]]), nd.array([2.,3]), nd.array([0.5,0.3]))",
    "nd.random_pdf_dirichlet(nd.array([[[0.2,0.8]],[[0.5,0.5]]]), nd.array([[1.,2],[3,4]]))",
    "nd.random_pdf_normal(nd.array([[0.5]]), nd.array([0.,1]), nd.array([1.,1]))",
]

# expression of x, the input values; gradient for a ones head
GRADS = [
    ("nd.take(x, nd.array([0,0,2]))", [1, 2, 3]),
    ("nd.take(x, nd.array([[1,0],[7,1]]), axis=1)", [[1, 2], [3, 4]]),
    ("nd.take(x, nd.array([-1,3]), mode='wrap')", [1, 2, 3]),
    ("nd.pick(x, nd.array([0,5,-1]))", [[1, 2], [3, 4], [5, 6]]),
    ("nd.pick(x, nd.array([0,2]), axis=0, keepdims=True)", [[1, 2], [3, 4], [5, 6]]),
    ("nd.gather_nd(x, nd.array([[1,1,0],[0,0,1]]))", [[1, 2], [3, 4]]),
    ("nd.SequenceMask(x, nd.array([1,3]), use_sequence_length=True, value=-1)",
     [[[1.], [1.]], [[1.], [1.]], [[1.], [1.]]]),
    ("nd.SequenceLast(x, nd.array([1,3]), use_sequence_length=True)",
     [[[1.], [2.]], [[3.], [4.]], [[5.], [6.]]]),
    ("nd.SequenceReverse(x, nd.array([2,3]), use_sequence_length=True) * nd.arange(6).reshape((3,2,1))",
     [[[1.], [2.]], [[3.], [4.]], [[5.], [6.]]]),
    ("nd.tile(x, reps=(2,2))", [[1, 2]]),
    ("nd.repeat(x, repeats=3)", [[1, 2], [3, 4]]),
    ("nd.pad(x, mode='edge', pad_width=(0,0,0,0,1,2,1,0))", [[[[1, 2], [3, 4]]]]),
    ("nd.pad(x, mode='reflect', pad_width=(0,0,0,0,1,1,0,1))", [[[[1, 2, 3], [4, 5, 6]]]]),
    ("nd.concat(x, x * 2, dim=0)", [1, 2]),
    ("nd.slice(x, begin=(None,1), end=(None,None), step=(None,-1)) * 3", [[1, 2, 3], [4, 5, 6]]),
    ("nd.diag(x, k=1)", [[1, 2, 3], [4, 5, 6]]),
    ("nd.contrib.boolean_mask(x, nd.array([1,0,1]))", [[1, 2], [3, 4], [5, 6]]),
    ("nd.contrib.index_copy(x, nd.array([2,0]), nd.array([[1,2],[3,4]]))", [[1, 2], [3, 4], [5, 6]]),
    ("nd.one_hot(x, 3)", [0, 2]),
    ("nd.random_pdf_normal(x, nd.array([0.,1]), nd.array([1.,2]))", [[0.5, 1, 2], [0.1, 0.2, 0.3]]),
    ("nd.random_pdf_gamma(x, nd.array([2.,3]), nd.array([1.,2]), is_log=True)",
     [[0.5, 1, 2], [0.1, 0.2, 0.3]]),
]

RANDOM = [
    "nd.random.uniform()", "nd.random.uniform(shape=2)", "nd.random.normal(shape=(2,), dtype='float64')",
    "nd.random.randint(0, 5, shape=(3,))", "nd.random.randint(0, 5, shape=(3,), dtype='int64')",
    "nd.random.randint(0, 5, shape=(3,), dtype='float32')", "nd.random.randint(5, 2, shape=(2,))",
    "nd.random.uniform(5, 2, shape=(2,))", "nd.random.normal(0, -1, shape=(2,))",
    "nd.random.uniform(shape=(2,), dtype='float16')", "nd.random.uniform(shape=(2,), dtype='int32')",
    "nd.random.poisson(3, shape=(3,))", "nd.random.poisson(-1, shape=(2,))",
    "nd.random.exponential(2, shape=(3,))", "nd.random.exponential(-1, shape=(2,))",
    "nd.random.gamma(2, 3, shape=(3,))", "nd.random.gamma(-1, 1, shape=(2,))",
    "nd.random.negative_binomial(3, 0.4, shape=(3,))", "nd.random.generalized_negative_binomial(3, 0.4, shape=(3,))",
    "nd.random.uniform(nd.array([0,10]), nd.array([1,11]), shape=(3,))",
    "nd.random.uniform(nd.array([0,10]), nd.array([1,11]))",
    "nd.random.uniform(nd.array([0,10]), 1, shape=(3,))",
    "nd.random.normal(nd.zeros((2,2)), nd.ones((2,2)), shape=2)",
    "nd.random.normal(nd.zeros((2,), dtype='float64'), nd.ones((2,), dtype='float64'))",
    "nd.random.poisson(nd.array([1,100]), shape=(2,))", "nd.random.randn(2, 3)",
    "nd.random.randn(2, loc=5, scale=0.001)", "nd.random.randn(2, dtype='float64')",
    "nd.random.multinomial(nd.array([[0,1],[1,0]]))", "nd.random.multinomial(nd.array([[0,1],[1,0]]), shape=3)",
    "nd.random.multinomial(nd.array([0,0,1]))", "nd.random.multinomial(nd.array([0,0,1]), shape=(2,2))",
    "nd.random.multinomial(nd.array([[0.25,0.75]]), shape=2, get_prob=True)",
    "nd.random.multinomial(nd.array([0,1]), dtype='float64')",
    "nd.random.multinomial(nd.array([0,1]), dtype='int64')",
    "nd.random.shuffle(nd.arange(6).reshape((3,2)))",
    "nd.random.uniform_like(nd.zeros((2,2), dtype='float64'))",
    "nd.random.poisson_like(nd.zeros((2,), dtype='float64'), lam=100)",
    "nd.random_uniform(0, 1, (2,))", "nd.random_uniform()", "nd.random_randint(0, 3)",
    "nd.random_exponential(lam=100, shape=(3,))",
    "nd.sample_uniform(nd.array([0,10]), nd.array([1,11]), shape=(3,))",
    "nd.sample_uniform(nd.array([0,10]), nd.array([1,11]))",
    "nd.sample_exponential(nd.array([100,0.01]), shape=(3,))",
    "nd.sample_multinomial(nd.array([[0.,1.]]), shape=(3,))",
    "nd.sample_uniform(0, 1, shape=(3,))", "nd.uniform(shape=(2,))", "nd.normal(shape=(2,))",
    "nd.random.uniform(shape=(2,), out=nd.zeros((3,)))",
]


def _describe(r, values=True):
    outs = r if isinstance(r, (list, tuple)) else [r]
    res = []
    for o in outs:
        a = o.asnumpy()
        d = {"shape": list(a.shape), "dtype": str(a.dtype)}
        if values:
            d["values"] = np.where(np.isnan(a), None, a).tolist() if a.dtype.kind == "f" else a.tolist()
        res.append(d)
    return {"list": isinstance(r, (list, tuple)), "outs": res}


def _error(e):
    lines = [ln.strip() for ln in str(e).split("\n") if ln.strip()]
    useful = [ln for ln in lines if not ln.startswith(("[bt]", "File", "Traceback", "Stack"))
              and "frame" not in ln]
    return {"error": type(e).__name__, "message": (useful[-1] if useful else "")[:300]}


def main():
    import mxnet as mx
    nd = mx.nd
    env = {"nd": nd, "np": np, "mx": mx}
    forward, grads, rand = [], [], []
    for expr in FORWARD:
        try:
            forward.append({"expr": expr, **_describe(eval(expr, env))})
        except Exception as e:  # noqa: BLE001 - recording whatever MXNet raises
            forward.append({"expr": expr, **_error(e)})
    for expr, xv in GRADS:
        x = nd.array(xv)
        x.attach_grad()
        with mx.autograd.record():
            y = eval(expr, {**env, "x": x})
        y.backward()
        grads.append({"expr": expr, "x": xv, "y": _describe(y)["outs"][0]["values"],
                      "grad": x.grad.asnumpy().tolist()})
    for expr in RANDOM:
        try:
            rand.append({"expr": expr, **_describe(eval(expr, env), values=False)})
        except Exception as e:  # noqa: BLE001
            rand.append({"expr": expr, **_error(e)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                        "shape_index.json")
    text = '{"mxnet": %s,\n' % json.dumps(mx.__version__)  # one case per line: diffable
    for i, (key, cases) in enumerate((("forward", forward), ("grads", grads), ("random", rand))):
        text += (f'"{key}": [\n' + ",\n".join(json.dumps(c, sort_keys=True) for c in cases)
                 + ("]\n}\n" if i == 2 else "],\n"))
    write_bytes(path, text)
    print(f"wrote {len(forward)} forward, {len(grads)} gradient, {len(rand)} random cases")


if __name__ == "__main__":
    main()
