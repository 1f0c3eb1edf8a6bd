"""More gluon_layers fuzz cases (imported by fuzz_gluon_layers_cases2): BatchNorm statistics
after record/backward, composite cells (Sequential, Bidirectional, Residual, Zoneout, Dropout),
RNN layers with sequence lengths and LSTM state clipping, more parameter gradients."""
NN = "mx.gluon.nn."
RNN = "mx.gluon.rnn."
F, D = "float32", "float64"
FLAT = "lambda o: (list(o[0]) if isinstance(o[0], (list, tuple)) else [o[0]]) + list(o[1])"
SETP = ("[p.set_data(nd.array((lambda v: np.abs(v) + 0.5 if p.name.endswith('var') else v)"
        "(np.cos(np.arange(int(np.prod(p.shape))) * 0.37 + len(p.shape)).reshape(p.shape)"
        " * 0.3), dtype=p.dtype)) for p in net.collect_params().values()]")
REC = ("(lambda r: [r.__enter__(), {}, r.__exit__(None, None, None)][1])"
       "(mx.autograd.record())")


def stats_expr(bn):
    """BatchNorm: forward under record, backward, then output + running statistics."""
    return (f"(lambda net, a: (net.initialize(), {SETP}, (lambda y: (y.backward(), "
            f"[y, net.running_mean.data(), net.running_var.data()])[1])"
            f"({REC.format('net(a)')}))[-1])({bn}, a)")


def seqcell(kind, cells):
    return f"(lambda s: ([s.add(c) for c in [{', '.join(cells)}]], s)[-1])({RNN}{kind}())"


def more4(case, arr, pick, rshape, fl, net_expr, grad_expr, rs):
    # ------------------------------------------------------------ BatchNorm after backward
    for j in range(4):
        shp = rshape(pick([2, 3, 4]), 2, 3)
        kw = (f"momentum={fl(rs.uniform(0.1, 0.9))}, use_global_stats={j == 3}, "
              f"in_channels={shp[1]}, center={j != 1}, scale={j != 2}")
        case(f"bn_bwd_stats_{j}", stats_expr(f"{NN}BatchNorm({kw})"), {"a": arr(shp, F)})

    # ------------------------------------------------------------ composite cells
    cells = [
        ("seqcell_0", seqcell("SequentialRNNCell", [f"{RNN}LSTMCell(3, input_size=2)",
                                                    f"{RNN}GRUCell(2, input_size=3)"])),
        ("seqcell_1", seqcell("HybridSequentialRNNCell", [f"{RNN}RNNCell(2, input_size=2)",
                                                          f"{RNN}RNNCell(3, input_size=2)"])),
        ("bicell_0", f"{RNN}BidirectionalCell({RNN}LSTMCell(2, input_size=2), "
                     f"{RNN}GRUCell(3, input_size=2))"),
        ("bicell_1", f"{RNN}BidirectionalCell({RNN}RNNCell(2, input_size=2), "
                     f"{RNN}RNNCell(2, input_size=2))"),
        ("rescell_0", f"{RNN}ResidualCell({RNN}GRUCell(2, input_size=2))"),
        ("zonecell_0", f"{RNN}ZoneoutCell({RNN}LSTMCell(2, input_size=2))"),
        ("dropcell_0", seqcell("SequentialRNNCell", [f"{RNN}RNNCell(2, input_size=2)",
                                                     f"{RNN}DropoutCell(0.0)"])),
    ]
    for name, cell in cells:
        for k, (layout, merge) in enumerate([("NTC", True), ("TNC", False), ("NTC", None)]):
            shp = (2, 3, 2) if layout == "NTC" else (3, 2, 2)
            call = f"net.unroll(3, a, layout={layout!r}, merge_outputs={merge})"
            case(f"{name}_{k}", net_expr(cell, call=call, post=FLAT), {"a": arr(shp, F)}, ["a"])
    vl = {"v": ([3.0, 1.0], F)}
    for name, cell in cells[:5]:
        call = "net.unroll(3, a, layout='NTC', merge_outputs=True, valid_length=v)"
        case(f"{name}_vl", net_expr(cell, args="a, v", call=call, post=FLAT),
             {"a": arr((2, 3, 2), F), **vl}, ["a"])
    case("bad_bicell_nolen", net_expr(cells[2][1], call="net(a, net.begin_state(2))"),
         {"a": arr((2, 2), F)})

    # ------------------------------------------------------------ RNN layers: extras
    for j, mode in enumerate(["LSTM", "GRU", "RNN", "LSTM"]):
        lay = "TNC" if j % 2 == 0 else "NTC"
        shp = (3, 2, 2) if lay == "TNC" else (2, 3, 2)
        names = ["h", "c"] if mode == "LSTM" else ["h"]
        bi = j >= 2
        ins = {"a": arr(shp, F), **{k: arr(((2 if bi else 1), 2, 2), F) for k in names},
               "v": ([2.0, 3.0], F)}
        case(f"rnn_seqlen_{j}", net_expr(
            f"{RNN}{mode}(2, layout={lay!r}, bidirectional={bi}, input_size=2, "
            "use_sequence_length=True)", args="a, " + ", ".join(names) + ", v",
            call=f"net(a, [{', '.join(names)}], sequence_length=v)",
            post="lambda o: [o[0]] + list(o[1])"), ins, ["a"])
    case("rnn_lstm_clip", net_expr(
        f"{RNN}LSTM(2, input_size=2, state_clip_min=-0.1, state_clip_max=0.1)"),
        {"a": arr((3, 2, 2), F, -3, 3)})
    case("rnn_lstm_proj_states", net_expr(
        f"{RNN}LSTM(3, projection_size=2, input_size=2, bidirectional=True)",
        call="net(a, net.begin_state(batch_size=2))", post="lambda o: [o[0]] + list(o[1])"),
        {"a": arr((2, 2, 2))}, ["a"])
    case("rnn_relu_2l", net_expr(f"{RNN}RNN(3, num_layers=3, activation='relu', input_size=2)"),
         {"a": arr((2, 1, 2))}, ["a"])

    # ------------------------------------------------------------ parameter gradients
    pg = [
        (f"{NN}Conv3D(2, 2, padding=1, in_channels=1)", (1, 1, 2, 3, 2)),
        (f"{NN}Conv2DTranspose(3, 2, strides=2, groups=1, in_channels=2, activation='tanh')",
         (1, 2, 2, 2)),
        (f"{NN}Dense(2, use_bias=False, in_units=6)", (2, 2, 3)),
        (f"{RNN}LSTM(2, num_layers=2, layout='NTC', bidirectional=True, input_size=2)",
         (2, 2, 2)),
        (f"{RNN}LSTM(3, projection_size=2, input_size=2)", (2, 1, 2)),
        (f"{NN}InstanceNorm(axis=2, in_channels=3, scale=True)", (2, 2, 3)),
        (f"{NN}LayerNorm(axis=0, in_channels=2)", (2, 3)),
        (f"{NN}BatchNorm(axis=2, in_channels=2, use_global_stats=True)", (2, 3, 2)),
    ]
    for j, (net, shp) in enumerate(pg):
        case(f"pgrad2_{j}", grad_expr(net), {"a": arr(shp, F)})
    case("pgrad_cell_unroll", grad_expr(
        f"{RNN}GRUCell(2, input_size=2)",
        call="net.unroll(3, a, layout='NTC', merge_outputs=True)[0]"), {"a": arr((2, 3, 2))})

    # ------------------------------------------------------------ random parameter gradients
    for j in range(16):
        kind = ["conv", "convt", "dense", "bn", "ln", "gn", "lstm", "gru"][j % 8]
        if kind in ("conv", "convt"):
            dims, g = int(rs.randint(1, 3)), int(pick([1, 2]))
            cin, k, st = 2 * g // g * g, int(rs.randint(1, 4)), int(rs.randint(1, 3))
            cls = f"Conv{dims}D" + ("Transpose" if kind == "convt" else "")
            net = (f"{NN}{cls}({2 * g}, {k}, strides={st}, padding={int(rs.randint(0, k))}, "
                   f"groups={g}, in_channels={cin}, activation={pick([None, 'tanh'])!r})")
            shp = (int(rs.randint(1, 3)), cin) + (k + 2,) * dims
        elif kind == "dense":
            shp = rshape(3, 1, 3)
            flat = bool(rs.rand() < 0.5)
            net = (f"{NN}Dense({int(rs.randint(1, 4))}, flatten={flat}, in_units="
                   f"{shp[1] * shp[2] if flat else shp[2]}, activation={pick([None, 'relu'])!r})")
        elif kind in ("bn", "ln"):
            shp = rshape(3, 2, 3)
            ax = pick([1, -1])
            cls = "BatchNorm" if kind == "bn" else "LayerNorm"
            net = (f"{NN}{cls}(axis={ax}, in_channels={shp[ax]}, center=True, "
                   f"scale={bool(rs.rand() < 0.7)})")
        elif kind == "gn":
            shp = (2, 4, int(rs.randint(2, 4)))
            net = f"{NN}GroupNorm(num_groups={pick([1, 2, 4])})"
        else:
            shp = rshape(3, 1, 3)
            net = (f"{RNN}{kind.upper()}(2, num_layers={pick([1, 2])}, bidirectional="
                   f"{bool(rs.rand() < 0.5)}, input_size={shp[2]})")
        case(f"pgrad3_{kind}_{j}", grad_expr(net), {"a": arr(shp, F)})
