"""torch.distributed. mindtorch has no collective backend yet (collectives on MindSpore's communication
come later), so `is_available()` is False, no process group is ever initialized, and every call that
needs one raises: ValueError where torch raises it for a missing default group, RuntimeError naming
the call elsewhere. The names libraries reference exist (for imports and isinstance checks)."""
import enum
import os

from . import _unavailable as _u


def is_available():
    """False: mindtorch has no torch.distributed backend yet."""
    return False


def is_initialized():
    return False


def is_nccl_available():
    return False


def is_gloo_available():
    return False


def is_mpi_available():
    return False


def is_ucc_available():
    return False


def is_xccl_available():
    return False


def is_hccl_available():
    return False


def is_backend_available(backend):
    return False


def is_torchelastic_launched():
    return os.getenv("TORCHELASTIC_RUN_ID") is not None


def _no_group():
    return ValueError("Default process group has not been initialized, please make sure to call "
                      "init_process_group.")


def _group_fn(name):
    def needs_group(*args, **kwargs):
        raise _no_group()
    needs_group.__name__ = name
    return needs_group


for _name in ("get_rank", "get_world_size", "get_backend", "barrier", "all_reduce", "broadcast", "all_gather",
              "all_gather_into_tensor", "reduce_scatter_tensor", "reduce_scatter", "reduce", "gather", "scatter",
              "all_to_all", "all_to_all_single", "all_gather_object", "broadcast_object_list", "gather_object",
              "scatter_object_list", "send", "recv", "isend", "irecv", "batch_isend_irecv", "monitored_barrier",
              "new_group", "new_subgroups", "get_global_rank", "get_group_rank", "get_process_group_ranks",
              "get_node_local_rank", "destroy_process_group", "_all_gather_base", "_reduce_scatter_base",
              "get_backend_config", "split_group"):
    globals()[_name] = _group_fn(_name)


def destroy_process_group(group=None):  # noqa: F811
    raise _no_group()


def init_process_group(backend=None, init_method=None, timeout=None, world_size=-1, rank=-1, store=None,
                       group_name="", pg_options=None, device_id=None):
    raise _u.error("torch.distributed.init_process_group")


def init_device_mesh(*args, **kwargs):
    raise _u.error("torch.distributed.init_device_mesh")


class ReduceOp:
    """Reduction operations of collectives (the names exist; no collective runs here)."""

    class RedOpType(enum.Enum):
        SUM = 0
        AVG = 1
        PRODUCT = 2
        MIN = 3
        MAX = 4
        BAND = 5
        BOR = 6
        BXOR = 7
        PREMUL_SUM = 8
        UNUSED = 9

    def __init__(self, op=None):
        self.op = op

    def __repr__(self):
        return f"<RedOpType.{self.op.name}: {self.op.value}>" if self.op is not None else "ReduceOp()"

    def __eq__(self, other):
        return isinstance(other, ReduceOp) and other.op == self.op

    def __hash__(self):
        return hash(self.op)


for _op in ReduceOp.RedOpType:
    setattr(ReduceOp, _op.name, ReduceOp(_op))


class Backend(str):
    UNDEFINED = "undefined"
    GLOO = "gloo"
    NCCL = "nccl"
    UCC = "ucc"
    MPI = "mpi"
    XCCL = "xccl"
    HCCL = "hccl"
    backend_list = ["undefined", "gloo", "nccl", "ucc", "mpi", "xccl"]

    def __new__(cls, name):
        if not isinstance(name, str):
            raise ValueError(f"Backend name must be a string, but got: {name}")
        return super().__new__(cls, name.lower())


class _World:
    WORLD = None


group = _World
GroupMember = _World


class Work:
    """The handle of an asynchronous collective (none runs here)."""


_u.fill(globals(), __name__, classes=("ProcessGroup", "Store", "FileStore", "TCPStore", "HashStore", "PrefixStore",
                                      "P2POp", "DeviceMesh"))


class DistError(RuntimeError):
    pass


class DistBackendError(DistError):
    pass


class DistNetworkError(DistError):
    pass


class DistStoreError(DistError):
    pass


from . import distributed_c10d, device_mesh, tensor, fsdp, checkpoint, nn, algorithms, \
    _functional_collectives, elastic, launcher, run, pipelining, _tensor, _composable, utils  # noqa: E402,F401
from .device_mesh import DeviceMesh  # noqa: E402,F401,F811
