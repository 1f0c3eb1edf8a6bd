"""More gluon_layers fuzz cases (imported by fuzz_gluon_layers_cases): Sequential compositions,
rnn.RNN/LSTM/GRU layers, RNNCell/LSTMCell/GRUCell.unroll, parameter gradients (the expression
runs record/backward itself and returns p.grad() of every parameter) and invalid
configurations (error type and text)."""
NN = "mx.gluon.nn."
RNN = "mx.gluon.rnn."
F, D = "float32", "float64"
SETP = ("[p.set_data(nd.array((lambda v: np.abs(v) + 0.5 if p.name.endswith('var') else v)"
        "(np.cos(np.arange(int(np.prod(p.shape))) * 0.37 + len(p.shape)).reshape(p.shape)"
        " * 0.3), dtype=p.dtype)) for p in net.collect_params().values()]")
FLAT = "lambda o: (list(o[0]) if isinstance(o[0], (list, tuple)) else [o[0]]) + list(o[1])"


def seq(layers, hybrid=True, hybridize=False):
    kind = "HybridSequential" if hybrid else "Sequential"
    hyb = "s.hybridize(), " if hybridize else ""
    return f"(lambda s: (s.add({', '.join(layers)}), {hyb}s)[-1])({NN}{kind}())"


def grad_expr(net, args="a", call=None):
    """Runs forward under record, backward (ones head), and returns the output and the
    gradient of every parameter that has one."""
    call = call or f"net({args})"
    rec = ("(lambda r: [r.__enter__(), {}, r.__exit__(None, None, None)][1])"
           "(mx.autograd.record())").format(call)
    return (f"(lambda net, {args}: (net.initialize(), {SETP}, (lambda y: (y.backward(), [y] + "
            f"[p.grad() for p in net.collect_params().values() if p.grad_req != 'null'])[1])"
            f"({rec}))[-1])({net}, {args})")


def more_cases(case, arr, pick, rshape, fl, net_expr, rs):
    # ------------------------------------------------------------ Sequential
    seqs = [
        ([f"{NN}Dense(3, in_units=4, activation='tanh')", f"{NN}Dense(2, in_units=3)"], (2, 4)),
        ([f"{NN}Conv2D(2, 3, padding=1, in_channels=1)", f"{NN}BatchNorm(in_channels=2)",
          f"{NN}Activation('relu')", f"{NN}MaxPool2D()", f"{NN}Flatten()",
          f"{NN}Dense(3, in_units=8)"], (2, 1, 4, 4)),
        ([f"{NN}Conv1D(3, 2, in_channels=2)", f"{NN}GlobalAvgPool1D()", f"{NN}Flatten()"],
         (2, 2, 5)),
        ([f"{NN}Dense(4, flatten=False)", f"{NN}LayerNorm()", f"{NN}GELU()",
          f"{NN}Dense(2, flatten=False)"], (2, 3, 3)),
        ([f"{NN}Embedding(5, 3)", f"{NN}Flatten()", f"{NN}Dense(2)"], None),
    ]
    for j, (layers, shp) in enumerate(seqs):
        for hybrid, hyb in ((True, False), (False, False), (True, True)):
            inp = {"a": ([[1.0, 4.0], [0.0, 2.0]], F)} if shp is None else {"a": arr(shp, F)}
            tag = "hseq" if hybrid else "seq"
            tag += "h" if hyb else ""
            case(f"{tag}_{j}", net_expr(seq(layers, hybrid, hyb), warm=True), inp,
                 [] if shp is None else ["a"])

    # ------------------------------------------------------------ RNN / LSTM / GRU layers
    for j in range(27):
        mode = ["RNN", "LSTM", "GRU"][j % 3]
        hid = int(rs.randint(1, 4))
        layers = pick([1, 1, 2])
        bi = bool(rs.rand() < 0.4)
        layout = pick(["TNC", "NTC"])
        t, n, c = int(rs.randint(1, 4)), int(rs.randint(1, 3)), int(rs.randint(1, 4))
        shp = (t, n, c) if layout == "TNC" else (n, t, c)
        deferred = rs.rand() < 0.3
        kw = f"{hid}, num_layers={layers}, bidirectional={bi}, layout={layout!r}, dropout=0"
        if mode == "RNN":
            kw += f", activation={pick(['tanh', 'relu'])!r}"
        if not deferred:
            kw += f", input_size={c}"
        ins = {"a": arr(shp, F, -1.5, 1.5)}
        states = rs.rand() < 0.5
        sshape = (layers * (2 if bi else 1), n, hid)
        if states:
            names = ["h", "c"] if mode == "LSTM" else ["h"]
            for k in names:
                ins[k] = arr(sshape, F, -1, 1)
            args = "a, " + ", ".join(names)
            call = f"net(a, [{', '.join(names)}])"
            gout = int(rs.randint(0, len(names) + 1))
            post = "lambda o: [o[0]] + list(o[1])"
        else:
            args, call, gout, post = "a", "net(a)", 0, None
        case(f"rnn_{mode.lower()}_{j}",
             net_expr(f"{RNN}{mode}({kw})", args=args, warm=call if deferred else False,
                      call=call, post=post, hybrid=bool(rs.rand() < 0.25)), ins, list(ins), gout)

    # ------------------------------------------------------------ cells: unroll
    for j in range(18):
        mode = ["RNNCell", "LSTMCell", "GRUCell"][j % 3]
        hid = int(rs.randint(1, 4))
        layout = pick(["TNC", "NTC"])
        t, n, c = int(rs.randint(1, 4)), int(rs.randint(1, 3)), int(rs.randint(1, 4))
        shp = (t, n, c) if layout == "TNC" else (n, t, c)
        merge = pick([None, True, False])
        deferred = rs.rand() < 0.3
        kw = f"{hid}" + ("" if deferred else f", input_size={c}")
        if mode == "RNNCell":
            kw += f", activation={pick(['tanh', 'relu', 'sigmoid'])!r}"
        call = f"net.unroll({t}, a, layout={layout!r}, merge_outputs={merge})"
        case(f"cell_{mode.lower()}_{j}",
             net_expr(f"{RNN}{mode}({kw})", warm=call if deferred else False, call=call,
                      post=FLAT), {"a": arr(shp, F, -1.5, 1.5)}, ["a"])
    case("cell_lstm_states", net_expr(
        f"{RNN}LSTMCell(2, input_size=3)", args="a, h, c",
        call="net.unroll(2, a, begin_state=[h, c], layout='NTC', merge_outputs=True)",
        post=FLAT), {"a": arr((2, 2, 3)), "h": arr((2, 2)), "c": arr((2, 2))}, ["a", "h", "c"])
    case("cell_gru_list_in", net_expr(
        f"{RNN}GRUCell(2, input_size=3)",
        call="net.unroll(3, [a[0], a[1], a[2]], layout='TNC', merge_outputs=False)",
        post=FLAT), {"a": arr((3, 2, 3))}, ["a"])
    case("cell_rnn_call", net_expr(
        f"{RNN}RNNCell(3, input_size=2)", args="a, h", call="net(a, [h])", post=FLAT),
        {"a": arr((2, 2)), "h": arr((2, 3))}, ["a", "h"])

    # ------------------------------------------------------------ parameter gradients
    pg = [
        (f"{NN}Dense(3, in_units=4)", (2, 4)),
        (f"{NN}Dense(2, flatten=False, in_units=3, activation='tanh')", (2, 2, 3)),
        (f"{NN}Conv2D(4, 3, strides=2, padding=1, groups=2, in_channels=2)", (1, 2, 5, 5)),
        (f"{NN}Conv1DTranspose(2, 3, strides=2, output_padding=1, in_channels=2)", (2, 2, 3)),
        (f"{NN}BatchNorm(in_channels=3)", (2, 3, 2)),
        (f"{NN}BatchNorm(axis=-1, in_channels=2, center=False)", (3, 2)),
        (f"{NN}LayerNorm(in_channels=4)", (2, 4)),
        (f"{NN}InstanceNorm(in_channels=2, scale=True)", (2, 2, 3)),
        (f"{NN}GroupNorm(num_groups=2)", (2, 4, 2)),
        (f"{NN}PReLU(in_channels=3)", (2, 3, 2)),
        (f"{RNN}LSTM(2, input_size=3)", (2, 2, 3)),
        (f"{RNN}GRU(2, num_layers=2, bidirectional=True, input_size=2)", (2, 1, 2)),
        (f"{RNN}RNN(3, layout='NTC', input_size=2)", (2, 3, 2)),
        (seq([f"{NN}Dense(3, in_units=2, activation='relu')", f"{NN}Dense(1, in_units=3)"]),
         (4, 2)),
    ]
    for j, (net, shp) in enumerate(pg):
        case(f"pgrad_{j}", grad_expr(net), {"a": arr(shp, F)})
    case("pgrad_embedding", grad_expr(f"{NN}Embedding(4, 3)"),
         {"a": ([[0.0, 2.0], [2.0, 3.0]], F)})
    case("pgrad_gn_warm", net_expr(f"{NN}GroupNorm(num_groups=2)", warm=True),
         {"a": arr((1, 4, 3), F)}, ["a"])

    # ------------------------------------------------------------ edge and invalid
    x4 = arr((1, 4, 4, 4), F)
    bad = [
        ("conv_groups", f"{NN}Conv2D(4, 3, groups=3, in_channels=6)", x4),
        ("conv_groups_out", f"{NN}Conv2D(4, 3, groups=2, in_channels=4)", x4),
        ("conv_rank", f"{NN}Conv2D(2, 3, in_channels=4)", arr((4, 4, 4), F)),
        ("conv_inch", f"{NN}Conv2D(2, 3, in_channels=3)", x4),
        ("conv_big_kernel", f"{NN}Conv2D(2, 5, in_channels=4)", x4),
        ("conv1d_rank", f"{NN}Conv1D(2, 3)", x4),
        ("convt_outpad", f"{NN}Conv2DTranspose(2, 3, strides=1, output_padding=1, "
                         "in_channels=4)", x4),
        ("convt_groups", f"{NN}Conv2DTranspose(3, 3, groups=2, in_channels=4)", x4),
        ("dense_units", f"{NN}Dense(3, in_units=5)", arr((2, 4), F)),
        ("dense_noflat", f"{NN}Dense(3, in_units=4, flatten=False)", arr((2, 3, 5), F)),
        ("pool_rank", f"{NN}MaxPool2D()", arr((2, 4, 4), F)),
        ("pool_big", f"{NN}MaxPool2D(pool_size=5)", x4),
        ("pool_pad", f"{NN}AvgPool2D(pool_size=2, padding=2)", x4),
        ("pool3d_rank", f"{NN}AvgPool3D()", x4),
        ("gpool_rank", f"{NN}GlobalAvgPool2D()", arr((2, 4), F)),
        ("bn_inch", f"{NN}BatchNorm(in_channels=3)", x4),
        ("bn_axis", f"{NN}BatchNorm(axis=4)", x4),
        ("ln_inch", f"{NN}LayerNorm(in_channels=3)", x4),
        ("in_inch", f"{NN}InstanceNorm(in_channels=3)", x4),
        ("gn_groups", f"{NN}GroupNorm(num_groups=3)", x4),
        ("refl_big", f"{NN}ReflectionPad2D(padding=4)", x4),
        ("refl_rank", f"{NN}ReflectionPad2D(padding=1)", arr((4, 4, 4), F)),
        ("prelu_ch", f"{NN}PReLU(in_channels=3)", x4),
        ("emb_oob", f"{NN}Embedding(3, 2)", ([[0.0, 5.0], [-1.0, 2.0]], F)),
        ("emb_frac", f"{NN}Embedding(4, 2)", ([[0.4, 1.6], [2.5, 3.7]], F)),
        ("lstm_size", f"{RNN}LSTM(2, input_size=3)", arr((2, 2, 4), F)),
        ("lstm_rank", f"{RNN}LSTM(2, input_size=4)", arr((2, 4), F)),
        ("gru_ntc", f"{RNN}GRU(2, layout='NTC', input_size=3)", arr((2, 3, 2), F)),
        ("rnn_layout", f"{RNN}RNN(2, layout='CNT')", arr((2, 2, 2), F)),
        ("rnn_bad_act", f"{RNN}RNN(2, activation='sigmoid', input_size=2)", arr((2, 2, 2), F)),
        ("act_bad", f"{NN}Activation('foo')", arr((2, 2), F)),
        ("dropout_rate", f"{NN}Dropout(1.5)", arr((2, 2), F)),
        ("conv_zero_ch", f"{NN}Conv2D(0, 3, in_channels=4)", x4),
        ("conv_kernel0", f"{NN}Conv2D(2, 0, in_channels=4)", x4),
        ("conv_stride0", f"{NN}Conv2D(2, 3, strides=0, in_channels=4)", x4),
        ("conv1d_dil0", f"{NN}Conv1D(2, 3, dilation=0, in_channels=4)", arr((1, 4, 6), F)),
        ("conv_in_groups", f"{NN}Conv2D(4, 3, groups=2, in_channels=5)", x4),
        ("conv_def_groups", f"{NN}Conv2D(4, 3, groups=3)", x4),
        ("convt_in_groups", f"{NN}Conv2DTranspose(4, 3, groups=2, in_channels=5)", x4),
        ("convt_def_groups", f"{NN}Conv1DTranspose(4, 3, groups=3)", arr((1, 3, 4), F)),
        ("convt_outpad3", f"{NN}Conv3DTranspose(2, 2, strides=2, output_padding=(1, 2, 0))",
         arr((1, 1, 2, 2, 2), F)),
    ]
    for name, net, x in bad:
        case(f"bad_{name}", net_expr(net), {"a": x})
    case("bad_lstm_states", net_expr(f"{RNN}LSTM(2, input_size=3)", args="a, h",
                                     call="net(a, [h])"),
         {"a": arr((2, 2, 3)), "h": arr((1, 2, 2))})
    case("bad_lstm_state_shape", net_expr(f"{RNN}LSTM(2, input_size=3)", args="a, h, c",
                                          call="net(a, [h, c])"),
         {"a": arr((2, 2, 3)), "h": arr((1, 3, 2)), "c": arr((1, 3, 2))})
    case("bad_unroll_layout", net_expr(f"{RNN}GRUCell(2, input_size=3)",
                                       call="net.unroll(2, a, layout='CTN')"),
         {"a": arr((2, 2, 3))})
    case("bad_unroll_length", net_expr(f"{RNN}GRUCell(2, input_size=3)",
                                       call="net.unroll(3, a, layout='TNC')"),
         {"a": arr((2, 2, 3))})

    from fuzz_gluon_layers_cases3 import extra_cases
    extra_cases(case, arr, pick, rshape, fl, net_expr, rs)

    from fuzz_gluon_layers_cases4 import more4
    more4(case, arr, pick, rshape, fl, net_expr, grad_expr, rs)
