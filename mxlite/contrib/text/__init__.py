"""mx.contrib.text: vocabularies and token embeddings (MXNet 1.9.1)."""
from . import utils, vocab, embedding
