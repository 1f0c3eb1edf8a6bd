"""``mx.random``: seeding and sampling (the same functions as ``mx.nd.random``)."""
from .ndarray.random import (seed, uniform, normal, randn, randint, poisson, exponential,  # noqa: F401
                             gamma, negative_binomial, generalized_negative_binomial,
                             multinomial, shuffle)
