"""Records MXNet 1.9.1's model zoo facts into tests/fixtures/model_zoo.json.

Run with the reference:  ../shared/tools/mxnet-ref tools/record_model_zoo.py

For every model name get_model accepts: the default prefix, the parameter (name, shape)
list after a forward on the model's smallest convenient input (a sha1 digest of it for all
models, the full list for a few small ones) and the output shape. For four small models:
the output on a fixed input with all parameters set from a seeded RandomState (the same
rule is applied by tests/test_model_zoo.py) and classes=10. Also the pretrained-file facts
of model_store (sha1 table, URL format).
"""
import hashlib
import os
import sys

import numpy as np
import mxnet as mx
from mxnet.gluon.model_zoo import vision, model_store

from fixture_io import write_json  # noqa: E402

NAMES = ['alexnet', 'vgg11', 'vgg13', 'vgg16', 'vgg19', 'vgg11_bn', 'vgg13_bn', 'vgg16_bn',
         'vgg19_bn', 'resnet18_v1', 'resnet34_v1', 'resnet50_v1', 'resnet101_v1',
         'resnet152_v1', 'resnet18_v2', 'resnet34_v2', 'resnet50_v2', 'resnet101_v2',
         'resnet152_v2', 'densenet121', 'densenet161', 'densenet169', 'densenet201',
         'squeezenet1.0', 'squeezenet1.1', 'inceptionv3', 'mobilenet1.0', 'mobilenet0.75',
         'mobilenet0.5', 'mobilenet0.25', 'mobilenetv2_1.0', 'mobilenetv2_0.75',
         'mobilenetv2_0.5', 'mobilenetv2_0.25']
FULL_LIST = ['alexnet', 'vgg11_bn', 'resnet18_v1', 'resnet18_v2',
             'squeezenet1.1', 'mobilenet0.25', 'mobilenetv2_0.25']
VALUE_MODELS = {'alexnet': 64, 'resnet18_v1': 32, 'squeezenet1.1': 224, 'mobilenet0.25': 32}


def input_size(name):
    """Smallest convenient square input the architecture accepts."""
    if name == 'alexnet':
        return 64
    if name == 'inceptionv3':
        return 299
    if name.startswith(('densenet', 'squeezenet')):
        return 224
    return 32


def param_list(net):
    return [[k, list(v.shape)] for k, v in net.collect_params().items()]


def digest(plist):
    text = '\n'.join('%s:%s' % (n, ','.join(str(d) for d in s)) for n, s in plist)
    return hashlib.sha1(text.encode()).hexdigest()


def seeded_params(net, seed=0):
    """The deterministic weights shared with the test: in collect_params() order, uniform
    values scaled by 1/sqrt(fan_in) for weights, near-identity BatchNorm statistics."""
    rs = np.random.RandomState(seed)
    for name, p in net.collect_params().items():
        shape = p.shape
        if name.endswith('running_var') or name.endswith('gamma'):
            val = rs.uniform(0.5, 1.5, shape)
        elif len(shape) >= 2:
            fan_in = int(np.prod(shape[1:]))
            val = rs.uniform(-1, 1, shape) * np.sqrt(3.0 / fan_in)
        else:
            val = rs.uniform(-0.1, 0.1, shape)
        p.set_data(mx.nd.array(val.astype(np.float32)))


def make_input(size, seed=1):
    return np.random.RandomState(seed).uniform(-1, 1, (1, 3, size, size)).astype(np.float32)


def main():
    out = {'models': {}, 'values': {}}
    for name in NAMES:
        with mx.name.NameManager():
            net = vision.get_model(name)
        net.initialize()
        size = input_size(name)
        y = net(mx.nd.zeros((1, 3, size, size)))
        plist = param_list(net)
        rec = {'prefix': net.prefix, 'size': size, 'out_shape': list(y.shape),
               'count': len(plist), 'sha1': digest(plist),
               'children': list(net._children.keys())}
        if name in FULL_LIST:
            rec['params'] = plist
        out['models'][name] = rec
        print(name, rec['prefix'], rec['count'], rec['out_shape'], file=sys.stderr)
    for name, size in VALUE_MODELS.items():
        with mx.name.NameManager():
            net = vision.get_model(name, classes=10)
        net.initialize()
        x = mx.nd.array(make_input(size))
        net(x)
        seeded_params(net)
        y = net(x).asnumpy()
        out['values'][name] = {'size': size, 'out': y.astype(np.float64).round(7).tolist()}
    # constructor keywords
    with mx.name.NameManager():
        net = vision.resnet18_v1(thumbnail=True, classes=7)
    net.initialize()
    y = net(mx.nd.zeros((1, 3, 8, 8)))
    out['thumbnail'] = {'out_shape': list(y.shape), 'params': param_list(net)[:3]}
    with mx.name.NameManager():
        net = vision.vgg11(batch_norm=True, prefix='myvgg_')
    out['vgg_prefix'] = net.prefix
    store = {'sha1': dict(sorted(model_store._model_sha1.items())),
             'repo_url': model_store.apache_repo_url, 'url_format': model_store._url_format,
             'file_names': {n: os.path.basename(n + '-' + model_store.short_hash(n) + '.params')
                            for n in ['alexnet', 'resnet18_v1', 'mobilenetv2_0.25']}}
    try:
        model_store.short_hash('resnet9_v1')
    except ValueError as e:
        store['unknown_error'] = str(e)
    try:
        vision.get_model('resnet9')
    except ValueError as e:
        store['get_model_error'] = str(e)
    out['store'] = store
    out['vision_names'] = sorted(n for n in dir(vision) if not n.startswith('_'))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'fixtures',
                        'model_zoo.json')
    write_json(path, out, end='\n')


if __name__ == '__main__':
    main()
