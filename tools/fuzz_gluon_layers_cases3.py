"""More gluon_layers fuzz cases (imported by fuzz_gluon_layers_cases2): channel-last pooling,
unroll with valid_length, single cell steps, float64 RNN layers, repeated BatchNorm training
steps, hybridized layers, dtype mismatches and more edge configurations."""
NN = "mx.gluon.nn."
RNN = "mx.gluon.rnn."
F, D = "float32", "float64"
FLAT = "lambda o: (list(o[0]) if isinstance(o[0], (list, tuple)) else [o[0]]) + list(o[1])"
TRAIN = ("(lambda s: [s.__enter__(), {}, s.__exit__(None, None, None)][1])"
         "(mx.autograd.train_mode())")


def hyb(net):
    return f"(lambda n: (n.hybridize(), n)[1])({net})"


def extra_cases(case, arr, pick, rshape, fl, net_expr, rs):
    # ------------------------------------------------------------ channel-last pooling
    for j in range(9):
        dims = 1 + j % 3
        kind = pick(["Max", "Avg"])
        layout = {1: "NWC", 2: "NHWC", 3: "NDHWC"}[dims]
        ks = [int(rs.randint(1, 3)) for _ in range(dims)]
        shp = (int(rs.randint(1, 3)),) + rshape(dims, 2, {1: 6, 2: 4, 3: 3}[dims]) + (2,)
        kw = f"pool_size={tuple(ks)}, strides=1, padding={tuple(k // 2 for k in ks)}"
        kw += f", ceil_mode={bool(rs.rand() < 0.5)}, layout={layout!r}"
        case(f"poolcl_{kind.lower()}{dims}d_{j}", net_expr(f"{NN}{kind}Pool{dims}D({kw})"),
             {"a": arr(shp, F)}, ["a"])
    case("gpoolcl_avg2d", net_expr(f"{NN}GlobalAvgPool2D(layout='NHWC')"),
         {"a": arr((2, 3, 2, 2))}, ["a"])
    case("gpoolcl_max1d", net_expr(f"{NN}GlobalMaxPool1D(layout='NWC')"),
         {"a": arr((2, 4, 3))}, ["a"])
    case("bad_pool_layout", net_expr(f"{NN}MaxPool2D(layout='NCW')"), {"a": arr((1, 2, 4, 4))})
    case("bad_conv_nhwc", net_expr(f"{NN}Conv2D(2, 3, layout='NCW', in_channels=2)"),
         {"a": arr((1, 2, 4, 4))})

    # ------------------------------------------------------------ unroll with valid_length
    for j in range(9):
        mode = ["RNNCell", "LSTMCell", "GRUCell"][j % 3]
        hid, t, n, c = int(rs.randint(1, 4)), int(rs.randint(2, 4)), 3, int(rs.randint(1, 4))
        layout = pick(["TNC", "NTC"])
        shp = (t, n, c) if layout == "TNC" else (n, t, c)
        merge = pick([True, False, None])
        vl = [float(rs.randint(1, t + 1)) for _ in range(n)]
        call = (f"net.unroll({t}, a, layout={layout!r}, merge_outputs={merge}, "
                f"valid_length=v)")
        case(f"unroll_vl_{mode.lower()}_{j}",
             net_expr(f"{RNN}{mode}({hid}, input_size={c})", args="a, v", call=call,
                      post=FLAT), {"a": arr(shp, F, -1.5, 1.5), "v": (vl, F)}, ["a"])
    for j, mode in enumerate(["LSTMCell", "GRUCell", "RNNCell"]):
        names = ["h", "c"] if mode == "LSTMCell" else ["h"]
        ins = {"a": arr((2, 3), F), **{k: arr((2, 2), F) for k in names}}
        case(f"cell_step_{j}", net_expr(f"{RNN}{mode}(2, input_size=3)",
                                        args="a, " + ", ".join(names),
                                        call=f"net(a, [{', '.join(names)}])", post=FLAT),
             ins, list(ins), gout=len(names))
    case("cell_begin_state", net_expr(
        f"{RNN}LSTMCell(3, input_size=2)",
        call="net.unroll(2, a, begin_state=net.begin_state(2), merge_outputs=True)", post=FLAT),
        {"a": arr((2, 2, 2))}, ["a"])

    # ------------------------------------------------------------ RNN layers: float64, misc
    for j, mode in enumerate(["RNN", "LSTM", "GRU", "LSTM"]):
        bi = j % 2 == 1
        case(f"rnn64_{mode.lower()}_{j}",
             net_expr(f"{RNN}{mode}(2, num_layers={1 + j % 2}, bidirectional={bi}, "
                      "input_size=3)", cast=D), {"a": arr((3, 2, 3), D)}, ["a"])
    case("rnn_lstm_proj", net_expr(f"{RNN}LSTM(3, projection_size=2, input_size=2)"),
         {"a": arr((2, 2, 2))}, ["a"])
    case("rnn_begin_state", net_expr(
        f"{RNN}GRU(2, num_layers=2, input_size=3)",
        call="net(a, net.begin_state(batch_size=2))", post="lambda o: [o[0]] + list(o[1])"),
        {"a": arr((2, 2, 3))}, ["a"])
    case("bad_rnn_dtype", net_expr(f"{RNN}LSTM(2, input_size=3)"), {"a": arr((2, 2, 3), D)})

    # ------------------------------------------------------------ BatchNorm: repeated steps
    for j in range(5):
        shp = rshape(pick([2, 4]), 2, 3)
        mom = fl(rs.uniform(0.1, 0.95))
        ugs = bool(j == 4)
        bn = f"{NN}BatchNorm(momentum={mom}, use_global_stats={ugs}, in_channels={shp[1]})"
        call = TRAIN.format("[net(a), net(a * 2 + 1), net(a - 1)][-1]")
        post = "lambda y: [y, net.running_mean.data(), net.running_var.data()]"
        case(f"bn_steps_{j}", net_expr(bn, call=call, post=post), {"a": arr(shp, F)}, ["a"])
    case("bn64", net_expr(f"{NN}BatchNorm(axis=-1, in_channels=3)", cast=D),
         {"a": arr((2, 2, 3), D)}, ["a"])
    case("bn_record_infer", net_expr(
        f"{NN}BatchNorm(in_channels=2)",
        call="(lambda r: [r.__enter__(), net(a), r.__exit__(None, None, None)][1])"
             "(mx.autograd.record(train_mode=False))"), {"a": arr((3, 2))}, ["a"])

    # ------------------------------------------------------------ hybridized layers
    for j, (net, shp) in enumerate([
            (f"{NN}Conv2D(3, 2, strides=2, padding=1)", (1, 2, 4, 4)),
            (f"{NN}Dense(3, activation='relu')", (2, 5)),
            (f"{NN}BatchNorm()", (2, 3, 2)),
            (f"{NN}LayerNorm()", (2, 4)),
            (f"{NN}Conv1DTranspose(2, 3, strides=2, output_padding=1)", (1, 2, 3)),
            (f"{NN}AvgPool2D(3, strides=2, padding=1, ceil_mode=True)", (1, 2, 5, 5)),
            (f"{RNN}LSTM(2, layout='NTC')", (2, 3, 2)),
            (f"{NN}Embedding(6, 2)", None)]):
        inp = {"a": ([[1.0, 5.0, 2.0]], F)} if shp is None else {"a": arr(shp, F)}
        case(f"hyb_{j}", net_expr(hyb(net), warm=True), inp, [] if shp is None else ["a"])

    # ------------------------------------------------------------ dtypes and edges
    case("bad_dense_dtype", net_expr(f"{NN}Dense(2, in_units=3)"), {"a": arr((2, 3), D)})
    case("bad_conv_dtype", net_expr(f"{NN}Conv1D(2, 2, in_channels=1)"), {"a": arr((1, 1, 4), D)})
    case("dense64", net_expr(f"{NN}Dense(2, in_units=3)", cast=D), {"a": arr((2, 3), D)}, ["a"])
    case("dense_1d", net_expr(f"{NN}Dense(2)", warm=True), {"a": arr((3,))}, ["a"])
    case("dense_int", net_expr(f"{NN}Dense(2, in_units=2)"), {"a": ([[1, 2], [3, 4]], "int32")})
    case("emb64", net_expr(f"{NN}Embedding(4, 3, dtype='float64')"),
         {"a": ([[0.0, 3.0, 1.0]], F)})
    case("emb_int64", net_expr(f"{NN}Embedding(4, 2)"), {"a": ([[3, 1], [0, 2]], "int64")})
    case("flatten_1d", net_expr(f"{NN}Flatten()"), {"a": arr((4,))}, ["a"])
    case("prelu_2d", net_expr(f"{NN}PReLU(in_channels=3)"), {"a": arr((2, 3))}, ["a"])
    case("prelu_init", net_expr(f"{NN}PReLU(mx.init.Constant(-0.3))"), {"a": arr((2, 3, 2))},
         ["a"])
    case("reflpad_tuple", net_expr(f"{NN}ReflectionPad2D(padding=(0, 0, 0, 0, 1, 2, 2, 1))"),
         {"a": arr((1, 2, 3, 4))}, ["a"])
    case("ln64", net_expr(f"{NN}LayerNorm(axis=1, in_channels=3)", cast=D),
         {"a": arr((2, 3, 2), D)}, ["a"])
    case("gn_big_groups", net_expr(f"{NN}GroupNorm(num_groups=4)"), {"a": arr((1, 2, 3))})
    case("in_2d", net_expr(f"{NN}InstanceNorm(in_channels=3)"), {"a": arr((2, 3))}, ["a"])
    case("bad_hlambda", net_expr(f"{NN}HybridLambda('foo_bar')"), {"a": arr((2, 2))})
    case("bad_lambda", net_expr(f"{NN}Lambda('foo_bar')"), {"a": arr((2, 2))})
    case("lambda_relu", net_expr(f"{NN}Lambda('relu')"), {"a": arr((2, 2), D)}, ["a"])
    case("swish_beta0", net_expr(f"{NN}Swish(0.0)"), {"a": arr((2, 3), D)}, ["a"])
    case("lrelu_neg", net_expr(f"{NN}LeakyReLU(-0.5)"), {"a": arr((2, 3), D)}, ["a"])
    case("elu_0", net_expr(f"{NN}ELU(0.0)"), {"a": arr((2, 3), D)}, ["a"])
    case("dropout_axes_train", net_expr(f"{NN}Dropout(0.0, axes=(0, 1))",
                                        call=TRAIN.format("net(a)")), {"a": arr((2, 2, 2))},
         ["a"])
    case("dropout_rate1", net_expr(f"{NN}Dropout(1.0)", call=TRAIN.format("net(a)")),
         {"a": arr((2, 3))}, values=True)

    # ------------------------------------------------------------ fixed reference breakages
    case("conv2dt_def_g2", net_expr(f"{NN}Conv2DTranspose(4, 3, groups=2)", warm=True),
         {"a": arr((1, 2, 3, 3), F)}, ["a"])
    case("conv1dt_dil64", net_expr(f"{NN}Conv1DTranspose(1, 3, strides=2, dilation=2, "
                                   "in_channels=2)", cast=D), {"a": arr((1, 2, 6), D)}, ["a"])
    case("pool_avg1d_clip", net_expr(f"{NN}AvgPool1D(2, strides=2, ceil_mode=True)"),
         {"a": arr((1, 2, 7), F)}, ["a"])
