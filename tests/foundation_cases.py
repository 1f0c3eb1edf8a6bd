"""Snippets run both under real MXNet 1.9.1 (tools/record_foundation.py writes what it said to
tests/fixtures/foundation.json) and under mxlite (tests/test_foundation_fixtures.py).

Each case is (name, code, check): the code runs with `mx`, `nd`, `ag`, `np` in scope and
leaves its result in `out`. check: 'value' compares shapes, dtypes and values; 'str' also
compares the printed text; 'error' compares the exception type; 'message' also requires the
reference's message (its last line, prefixes stripped) to appear in ours.
"""

CASES = [
    # ---- print formats (MXNET_SEMANTICS §2.5)
    ("print_2x2", "out = str(nd.array([[1,2],[3,4]]))", "str"),
    ("print_1d", "out = str(nd.array([1,2]))", "str"),
    ("print_0d", "out = str(nd.array(1.5))", "str"),
    ("print_empty", "out = str(nd.array([]))", "str"),
    ("print_empty_0x2", "out = str(nd.array(np.zeros((0, 2))))", "str"),
    ("print_int32", "out = str(nd.array([1,2,3], dtype='int32'))", "str"),
    ("print_bool", "out = str(nd.array([1,0], dtype='bool'))", "str"),
    ("print_3d", "out = str(nd.arange(12).reshape((2,2,3)))", "str"),
    ("print_large", "out = str(nd.arange(2000))", "str"),
    ("print_list", "out = str([nd.array([2,4,6])])", "str"),
    ("print_cpu1", "out = str(nd.ones((1,), ctx=mx.cpu(1)))", "str"),
    ("repr_ctx", "out = repr(mx.cpu()) + repr(mx.gpu(1))", "str"),
    # ---- dtypes (§2.2)
    ("dtype_default", "out = nd.array([[1,2],[3,4]])", "value"),
    ("dtype_from_int64_numpy", "out = nd.array(np.array([1,2], dtype=np.int64))", "value"),
    ("dtype_from_f64_numpy", "out = nd.array(np.array([1.5,2], dtype=np.float64))", "value"),
    ("dtype_from_bool_numpy", "out = nd.array(np.array([True, False]))", "value"),
    ("dtype_explicit_int", "out = nd.array([1.7, 2.2], dtype='int32')", "value"),
    ("dtype_keep_ndarray", "out = nd.array(nd.array([1,2], dtype='int32'))", "value"),
    ("dtype_is_type", "out = (nd.ones(2).dtype is np.float32, nd.ones(2).dtype == 'float32')", "value"),
    ("no_promotion_int_float",
     "out = nd.array([1,2], dtype='int32') + nd.array([1,2])", "message"),
    ("no_promotion_f64_f32", "out = nd.ones(2, dtype='float64') + nd.ones(2)", "error"),
    ("scalar_cast_int_add", "out = nd.array([1,2,3], dtype='int32') + 0.7", "value"),
    ("scalar_cast_int_mul", "out = nd.array([1,2,3], dtype='int32') * 1.5", "value"),
    ("scalar_cast_int_pow", "out = nd.array([1,2,3], dtype='int32') ** 0.5", "value"),
    ("int_div_trunc", "out = nd.array([-3,3,5], dtype='int32') / 2", "value"),
    ("int_rdiv_trunc", "out = 7 / nd.array([-3,3,5], dtype='int32')", "value"),
    ("mod_floor_int", "out = nd.array([-3,3], dtype='int32') % 2", "value"),
    ("mod_floor_neg", "out = nd.array([-3.,3.]) % -2", "value"),
    ("rmod", "out = 5 % nd.array([-3.,3.])", "value"),
    ("overflow_int8", "out = nd.array([100], dtype='int8') + nd.array([100], dtype='int8')", "value"),
    ("overflow_uint8", "out = nd.array([1], dtype='uint8') - 2", "value"),
    ("cmp_float", "out = nd.array([1,2]) == nd.array([1,3])", "value"),
    ("cmp_int", "out = nd.array([1,2], dtype='int32') > 1", "value"),
    ("cmp_rscalar", "out = 2 > nd.array([1,2,3])", "value"),
    ("pow_neg_root", "out = nd.array([-8.]) ** (1/3.)", "value"),
    ("div_zero", "out = nd.array([0.,1.]) / 0", "value"),
    ("rpow", "out = 2 ** nd.array([1.,2.])", "value"),
    ("neg", "out = -nd.array([1.,-2.])", "value"),
    ("unknown_dtype", "out = nd.ones((2,), dtype='foo')", "error"),
    # ---- arithmetic type errors (§2.8)
    ("add_numpy_typeerror", "out = nd.ones(2) + np.ones(2)", "error"),
    ("add_list_typeerror", "out = nd.ones(2) + [1, 2]", "error"),
    ("add_none_typeerror", "out = nd.ones(2) + None", "error"),
    ("broadcast_error", "out = nd.ones((2,3)) + nd.ones((3,2))", "message"),
    ("broadcast_ok", "out = nd.ones((2,3)) + nd.arange(3)", "value"),
    ("elemwise_add_shape_error", "out = nd.elemwise_add(nd.ones((2,3)), nd.ones((1,3)))", "error"),
    ("iadd_returns_self", "a = nd.ones(2); b = a; a += 1; out = (a is b, b)", "value"),
    ("iadd_broadcast", "a = nd.ones((2,2)); a += nd.array([1,2]); out = a", "value"),
    ("np_scalar_times", "out = np.float32(2) * nd.ones(2)", "value"),
    # ---- creation (§2.3)
    ("array_ragged", "out = nd.array([[1,2],[3]])", "error"),
    ("array_string", "out = nd.array('ab')", "error"),
    ("array_0d", "out = nd.array(3)", "value"),
    ("array_np_scalar", "out = nd.array(np.float64(2.5))", "value"),
    ("zeros_int_shape", "out = nd.zeros(3)", "value"),
    ("zeros_zero_dim", "out = nd.zeros((0,3))", "error"),
    ("full_int", "out = nd.full((2,), 2.7, dtype='int32')", "value"),
    ("arange_repeat", "out = nd.arange(2, 6, step=1.5, repeat=2)", "value"),
    ("arange_f32", "out = nd.arange(0, 1, 0.3)", "value"),
    ("arange_int", "out = nd.arange(3, dtype='int32')", "value"),
    ("eye_k", "out = nd.eye(2, 3, 1)", "value"),
    ("linspace_int", "out = nd.linspace(0, 10, 4, dtype='int32')", "value"),
    ("ones_like_dtype", "out = nd.ones_like(nd.zeros(2, dtype='int32'))", "value"),
    ("random_default_shape", "out = nd.random.uniform().shape", "value"),
    ("randint_dtype", "out = nd.random.randint(0, 5, shape=(3,)).dtype", "value"),
    # ---- shapes, reductions (§2.4, §2.6, group C)
    ("sum_full_shape", "out = nd.ones((2,3)).sum()", "value"),
    ("sum_axis", "out = nd.arange(6).reshape((2,3)).sum(axis=1)", "value"),
    ("sum_empty_axes", "out = nd.ones((2,3)).sum(axis=())", "value"),
    ("mean_int", "out = nd.array([1,2,2], dtype='int32').mean()", "value"),
    ("sum_int_dtype", "out = nd.array([1,2,2], dtype='int32').sum()", "value"),
    ("max_keepdims", "out = nd.array([[1,5],[3,2]]).max(axis=0, keepdims=True)", "value"),
    ("norm_full", "out = nd.norm(nd.array([3.,4.]))", "value"),
    ("reduce_axis_error", "out = nd.ones((2,3)).sum(axis=2)", "error"),
    ("T_1d_is_self", "a = nd.ones(3); out = a.T is a", "value"),
    ("T_2d", "out = nd.arange(6).reshape((2,3)).T", "value"),
    ("asscalar", "out = nd.array([5]).asscalar()", "value"),
    ("asscalar_error", "out = nd.array([1,2]).asscalar()", "message"),
    ("len", "out = len(nd.ones((4,2)))", "value"),
    ("iter_items", "out = [a.shape for a in nd.ones(3)]", "value"),
    ("bool_single", "out = (bool(nd.array([0])), bool(nd.array([2])), bool(nd.array([])))", "value"),
    ("bool_many", "out = bool(nd.ones(2))", "message"),
    ("int_typeerror", "out = int(nd.array([1]))", "error"),
    ("shape_no_setter", "a = nd.ones(2); a.shape = (1,2)", "error"),
    ("astype_nocopy_self", "a = nd.ones(2); out = a.astype('float32', copy=False) is a", "value"),
    ("astype_int", "out = nd.array([1.7, -1.7]).astype('int32')", "value"),
    ("contains", "out = 2 in nd.array([1,2])", "value"),
] + [
    (f"reshape_{i}", f"out = nd.ones((2,3,4)).reshape({s!r}).shape", "value")
    for i, s in enumerate([(4, 0, 2), (2, 0, 0), (6, 1, -1), (3, -1, 8), (-1,), (-2,), (2, -2),
                           (-2, 1, 1), (-3, 4), (0, -3), (-3, -2), (-4, 1, 2, -2),
                           (2, -4, -1, 3, -2)])
] + [
    ("reshape_reverse", "out = nd.ones((10,5,4)).reshape((-1,0), reverse=True).shape", "value"),
    ("reshape_noreverse", "out = nd.ones((10,5,4)).reshape((-1,0)).shape", "value"),
    ("reshape_smaller", "out = nd.ones((2,3,5)).reshape((2,3))", "message"),
    ("reshape_larger", "out = nd.ones((2,3,5)).reshape((4,8))", "error"),
    ("reshape_two_infer", "out = nd.ones((2,3,5)).reshape((0,-1,-1))", "message"),
    ("reshape_bad_kw", "out = nd.ones((2,3)).reshape((6,), foo=1)", "message"),
    ("reshape_view", "a = nd.zeros((2,2)); b = a.reshape((4,)); b[0] = 7; out = a", "value"),
    ("reshape_to_0d", "out = nd.array([5]).reshape(()).shape", "value"),
    # ---- indexing (§2.7)
    ("idx_int_1d", "out = nd.array([1,2,3])[1]", "value"),
    ("idx_int_2d", "out = nd.arange(6).reshape((2,3))[1]", "value"),
    ("idx_two_ints", "out = nd.arange(6).reshape((2,3))[1,1]", "value"),
    ("idx_np_int", "out = nd.arange(6).reshape((2,3))[np.int64(1)]", "value"),
    ("idx_out_of_range", "out = nd.ones((2,3))[5]", "message"),
    ("idx_negative_out", "out = nd.ones((3,))[-4]", "message"),
    ("idx_float_key", "out = nd.ones((2,3))[1.0]", "message"),
    ("idx_too_many", "out = nd.ones((2,3))[0,0,0]", "message"),
    ("idx_step_zero", "out = nd.ones((2,3))[::0]", "message"),
    ("idx_none", "out = (nd.ones((2,3))[:, None].shape, nd.ones((2,3))[None].shape, nd.ones((2,3))[..., 1].shape, nd.ones((2,3))[1, None].shape)", "value"),
    ("idx_slice_view", "a = nd.zeros((3,2)); b = a[1:]; b[:] = 5; out = a", "value"),
    ("idx_col_copy", "a = nd.zeros((2,2)); b = a[:, 0]; b[:] = 5; out = a", "value"),
    ("idx_step_copy", "a = nd.zeros((4,)); b = a[::2]; b[:] = 5; out = a", "value"),
    ("idx_row_view", "a = nd.zeros((2,2)); b = a[1]; b[:] = 5; out = a", "value"),
    ("idx_out_of_range_slice", "out = nd.ones((2,2))[5:].shape", "value"),
    ("idx_bool_as_int", "out = nd.arange(5)[nd.array([1,0,1,0,1])]", "value"),
    ("idx_np_bool_as_int", "out = nd.arange(5)[np.array([True,False,True,False,True])]", "value"),
    ("idx_adv_pair", "out = nd.arange(6).reshape((2,3))[[0,1],[1,2]]", "value"),
    ("idx_adv_col", "out = nd.arange(6).reshape((2,3))[:, [0,2]]", "value"),
    ("idx_nd_float_trunc", "out = nd.arange(5)[nd.array([1.7, 3.2])]", "value"),
    ("set_scalar_slice", "a = nd.zeros((2,3)); a[0] = 1; out = a", "value"),
    ("set_broadcast_row", "a = nd.zeros((2,3)); a[:] = nd.array([1,2,3]); out = a", "value"),
    ("set_leading_ones", "a = nd.zeros((2,3)); a[0] = nd.ones((1,1,3)); out = a", "value"),
    ("set_bad_shape", "a = nd.zeros((2,3)); a[0] = nd.ones(4)", "message"),
    ("set_bad_shape_np", "a = nd.zeros((2,3)); a[0] = np.ones(4)", "message"),
    ("set_cast_int", "a = nd.zeros((2,), dtype='int32'); a[:] = [1.7, 2.2]; out = a", "value"),
    ("set_list_partial", "a = nd.zeros((2,4,1)); a[0, :3, 0] = [1,2,3]; out = a", "value"),
    ("set_adv", "a = nd.zeros((3,)); a[[0,2]] = 5; out = a", "value"),
    ("set_0d_bad_key", "a = nd.array(3.0); a[0] = 1", "message"),
    ("set_col", "a = nd.zeros((2,2)); a[:, 1] = 3; out = a", "value"),
    ("contiguous_rule", "out = [nd.NDArray._basic_indexing_slice_is_contiguous(k, (4,5)) for k in [(slice(None), slice(0,2)), (slice(0,1), slice(0,2)), (slice(None), slice(None)), (slice(None,None,2), slice(None)), (slice(1,2), slice(None)), (slice(0,1), slice(1,2)), (slice(3,1), slice(None))]]", "value"),
    # ---- autograd (§1)
    ("ag_defaults", "out = (ag.is_recording(), ag.is_training())", "value"),
    ("ag_set_returns", "out = (ag.set_recording(True), ag.set_recording(False), ag.set_recording(False))", "value"),
    ("ag_scopes", """
res = []
with ag.record():
    res.append((ag.is_recording(), ag.is_training()))
    with ag.pause():
        res.append((ag.is_recording(), ag.is_training()))
    with ag.pause(train_mode=True):
        res.append((ag.is_recording(), ag.is_training()))
    with ag.predict_mode():
        res.append((ag.is_recording(), ag.is_training()))
    with ag.record():
        pass
    res.append((ag.is_recording(), ag.is_training()))
with ag.record(train_mode=False):
    res.append((ag.is_recording(), ag.is_training()))
with ag.train_mode():
    res.append((ag.is_recording(), ag.is_training()))
res.append((ag.is_recording(), ag.is_training()))
out = res""", "value"),
    ("ag_sum_paths", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    y = x*x + x\ny.backward(); out = x.grad", "value"),
    ("ag_nonscalar_head", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    y = x*x\ny.backward(); out = x.grad", "value"),
    ("ag_backward_twice", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    y = x*2\ny.backward(); y.backward()", "message"),
    ("ag_retain_twice_add", "x = nd.array([1.,2.]); x.attach_grad(grad_req='add')\nwith ag.record():\n    y = x*2\ny.backward(retain_graph=True); y.backward(); out = x.grad", "value"),
    ("ag_add_req", "x = nd.array([1.,2.]); x.attach_grad(grad_req='add')\nfor _ in range(3):\n    with ag.record():\n        y = x*2\n    y.backward()\nout = x.grad", "value"),
    ("ag_write_in_place", "x = nd.array([1.,2.]); x.attach_grad(); g = x.grad\nwith ag.record():\n    y = x*3\ny.backward(); out = g", "value"),
    ("ag_blockgrad_zeros", "x = nd.array([1.,2.]); x.attach_grad(); x.grad[:] = 5\nwith ag.record():\n    y = nd.BlockGrad(x)*3 + nd.ones(2)\ny.backward(); out = x.grad", "value"),
    ("ag_unreached_untouched", "x = nd.array([1.,2.]); x.attach_grad(); w = nd.array([1.,1.]); w.attach_grad(); w.grad[:] = 5\nwith ag.record():\n    y = x*3\ny.backward(); out = (x.grad, w.grad)", "value"),
    ("ag_no_inputs", "x = nd.array([1.,2.]); x.attach_grad(grad_req='null')\nwith ag.record():\n    y = x*3\ny.backward()", "error"),
    ("ag_outside_record", "x = nd.array([1.,2.]); x.attach_grad()\ny = x*2\ny.backward()", "message"),
    ("ag_grad_list", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    y = x*x\nout = ag.grad(y, x)", "value"),
    ("ag_grad_keeps_buffer", "x = nd.array([1.,2.]); x.attach_grad(); x.grad[:] = 7\nwith ag.record():\n    y = x*x\nag.grad(y, [x]); out = x.grad", "value"),
    ("ag_grad_empty_vars", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    y = x*x\nag.grad(y, [])", "message"),
    ("ag_grad_not_required", "x = nd.array([1.,2.]); x.attach_grad(); z = nd.array([1.,2.])\nwith ag.record():\n    y = x*x\nag.grad(y, [z])", "message"),
    ("ag_grad_unreachable", "x = nd.array([1.,2.]); x.attach_grad(); z = nd.array([1.,2.]); z.attach_grad()\nwith ag.record():\n    y = x*x\nag.grad(y, [z])", "message"),
    ("ag_create_graph_exp", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    y = nd.exp(x)\n    g = ag.grad(y, x, create_graph=True)[0]\n    z = (g*x).sum()\nz.backward(); out = x.grad", "value"),
    ("ag_head_grads_len", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    y = x*2\nag.backward([y], [nd.ones(2), nd.ones(2)])", "message"),
    ("ag_head_grad_none_entry", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    y = x*2; z = x*3\nag.backward([y, z], [None, nd.array([2.,2.])]); out = x.grad", "value"),
    ("ag_views_recorded", "x = nd.array([1.,2.,3.]); x.attach_grad()\nwith ag.record():\n    y = x[1:]*2; z = x.reshape((3,1))*3; w = x[0]\n    t = y.sum() + z.sum() + w\nt.backward(); out = x.grad", "value"),
    ("ag_pause_constant", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    y = x*2\n    with ag.pause():\n        z = y*3\n    w = z*x\nw.backward(); out = x.grad", "value"),
    ("ag_two_blocks", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    y = x*2\nwith ag.record():\n    w = y*3\nw.backward(); out = x.grad", "value"),
    ("ag_outside_continue", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    y = x*2\ny2 = y*3\ny2.backward()", "error"),
    ("ag_inplace_var", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    x += 1", "message"),
    ("ag_inplace_intermediate", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    y = x*2\n    y[0] = 5", "message"),
    ("ag_relu_out_x", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    nd.relu(x, out=x)", "message"),
    ("ag_fresh_inplace_ok", "x = nd.array([1.,2.])\nwith ag.record():\n    x[0] = 5; x += 1\nout = x", "value"),
    ("ag_setitem_partial_graph", "x = nd.array([1.,2.]); x.attach_grad(); a = nd.zeros(2)\nwith ag.record():\n    y = x*2\n    a[0:1] = y[0:1]", "message"),
    ("ag_setitem_whole_copy", "x = nd.array([1.,2.]); x.attach_grad(); a = nd.zeros(2)\nwith ag.record():\n    y = x*2\n    a[:] = y\na.backward(); out = x.grad", "value"),
    ("ag_mutate_after_record", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    y = x*x\nx[:] = 10\ny.backward(); out = x.grad", "value"),
    ("ag_attach_cuts_graph", "x = nd.array([1.,2.]); x.attach_grad()\nwith ag.record():\n    y = x*2\ny.attach_grad()\nwith ag.record():\n    z = y*3\nz.backward(); out = (y.grad, x.grad)", "value"),
    ("ag_grad_none", "out = (nd.ones(2).grad is None,)", "value"),
    ("ag_null_grad_after", "x = nd.array([1.,2.]); x.attach_grad(grad_req='null'); w = nd.ones(2); w.attach_grad()\nwith ag.record():\n    y = x*w\nb = x.grad is not None\ny.backward(); out = (b, x.grad is None)", "value"),
    ("ag_detach_shares", "x = nd.array([1.,2.]); d = x.detach(); d[0] = 9; out = x", "value"),
    ("ag_int_grad_dtype", "x = nd.array([1,2], dtype='int32'); x.attach_grad()\nwith ag.record():\n    y = x*3\ny.backward(); out = x.grad", "value"),
    ("ag_mark_variables_bogus", "x = nd.ones(2); ag.mark_variables([x], [nd.zeros(2)], 'bogus')", "error"),
    ("ag_mark_single_list", "x = nd.ones(2); ag.mark_variables(x, [nd.zeros(2)])", "error"),
    ("ag_fresh_grad", "x = nd.array([1.,2.]); x.attach_grad(); a = x._fresh_grad\nwith ag.record():\n    y = x*2\ny.backward(); out = (a == False, x._fresh_grad == True)", "value"),
    ("ag_get_symbol", "x = nd.array([1.,2.]); x.attach_grad(); z = nd.array([3.,4.]); z.attach_grad()\nwith ag.record():\n    y = x*x + 2*x - 1\n    w = y*z\nout = (len(ag.get_symbol(y).list_arguments()), len(ag.get_symbol(w).list_arguments()))", "value"),
    ("ag_dropout_identity_outside", "out = nd.Dropout(nd.ones(4))", "value"),
    ("ag_function", """
class Sig(ag.Function):
    def forward(self, x):
        y = 1 / (1 + nd.exp(-x))
        self.save_for_backward(y)
        return y
    def backward(self, dy):
        y, = self.saved_tensors
        return dy * y * (1 - y)
x = nd.array([0., 1.]); x.attach_grad()
f = Sig()
with ag.record():
    y = f(x)
y.backward()
out = x.grad""", "value"),
    ("ag_function_twice", """
class Id(ag.Function):
    def forward(self, x):
        return x * 1
    def backward(self, dy):
        return dy
f = Id(); f(nd.ones(2)); f(nd.ones(2))""", "message"),
]
