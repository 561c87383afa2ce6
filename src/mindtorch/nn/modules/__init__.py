"""torch.nn.modules: Module and the containers (layers are added beside them)."""
from .module import Module  # noqa: F401
from .container import Container, Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict  # noqa: F401

__all__ = ["Module", "Container", "Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict"]

# layers
from . import linear, activation, loss, normalization, batchnorm, instancenorm, dropout, sparse, flatten, distance  # noqa: E402,E501
from .linear import *  # noqa: F401,F403,E402
from .activation import *  # noqa: F401,F403,E402
from .loss import *  # noqa: F401,F403,E402
from .normalization import *  # noqa: F401,F403,E402
from .batchnorm import *  # noqa: F401,F403,E402
from .instancenorm import *  # noqa: F401,F403,E402
from .dropout import *  # noqa: F401,F403,E402
from .sparse import *  # noqa: F401,F403,E402
from .flatten import *  # noqa: F401,F403,E402
from .distance import *  # noqa: F401,F403,E402

for _m in (linear, activation, loss, normalization, batchnorm, instancenorm, dropout, sparse, flatten, distance):
    __all__ += _m.__all__
del _m

# convolution, pooling, resampling, padding, folding and shuffles (mindtorch.nn.functional_conv underneath)
from . import conv, pooling, upsampling, pixelshuffle, padding, fold, channelshuffle  # noqa: E402
from .conv import *  # noqa: F401,F403,E402
from .pooling import *  # noqa: F401,F403,E402
from .upsampling import *  # noqa: F401,F403,E402
from .pixelshuffle import *  # noqa: F401,F403,E402
from .padding import *  # noqa: F401,F403,E402
from .fold import *  # noqa: F401,F403,E402
from .channelshuffle import *  # noqa: F401,F403,E402

__all__ += conv.__all__ + pooling.__all__ + upsampling.__all__ + pixelshuffle.__all__ + padding.__all__ + \
    fold.__all__ + channelshuffle.__all__

from . import rnn, transformer  # noqa: E402
from .rnn import *  # noqa: F401,F403,E402
from .transformer import *  # noqa: F401,F403,E402
from .activation_attention import MultiheadAttention  # noqa: F401,E402
__all__ += rnn.__all__ + transformer.__all__ + ["MultiheadAttention"]
