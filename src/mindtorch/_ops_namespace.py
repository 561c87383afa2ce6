"""torch.ops: namespaces of operators. `torch.ops.aten.<name>` resolves to mindtorch's own function of
that name (the torch function, else the Tensor method, else a small table of aten-only names); other
namespaces hold the operators registered through torch.library. Each operator is an OpOverloadPacket
whose overloads (`.default`, `.Tensor`, `.int`, ...) call the same function."""
import types


class OpOverload:
    def __init__(self, packet, overload_name):
        self._packet = packet
        self._overloadname = overload_name
        self.__name__ = f"{packet._qualified_op_name.split('::')[-1]}.{overload_name}"
        self.__qualname__ = self.__name__

    def __call__(self, *args, **kwargs):
        return self._packet(*args, **kwargs)

    @property
    def overloadpacket(self):
        return self._packet

    def name(self):
        return f"{self._packet._qualified_op_name}.{self._overloadname}"

    @property
    def namespace(self):
        return self._packet._qualified_op_name.split("::")[0]

    def __repr__(self):
        ns, name = self._packet._qualified_op_name.split("::")
        return f"<OpOverload(op='{ns}.{name}', overload='{self._overloadname}')>"

    def __hash__(self):
        return hash((self._packet._qualified_op_name, self._overloadname))

    def __eq__(self, other):
        return isinstance(other, OpOverload) and other._packet is self._packet and \
            other._overloadname == self._overloadname


class OpOverloadPacket:
    def __init__(self, qualified_name, resolve):
        self._qualified_op_name = qualified_name
        self._resolve = resolve
        self._overloads = {}
        self.__name__ = qualified_name.split("::")[-1]
        self.__qualname__ = self.__name__

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        ov = self.__dict__["_overloads"].get(name)
        if ov is None:
            ov = self._overloads[name] = OpOverload(self, name)
        return ov

    def overloads(self):
        return list(self._overloads) or ["default"]

    def __call__(self, *args, **kwargs):
        return self._resolve()(*args, **kwargs)

    def __repr__(self):
        ns, name = self._qualified_op_name.split("::")
        return f"<OpOverloadPacket(op='{ns}.{name}')>"


def _aten_only():
    import mindtorch

    def sym_size(t, dim=None):
        return t.size() if dim is None else t.size(dim)

    def to_copy(t, *, dtype=None, layout=None, device=None, pin_memory=None, non_blocking=False, memory_format=None):
        return t.to(dtype=dtype, device=device, copy=True)

    return {
        "sym_size": sym_size, "sym_numel": lambda t: t.numel(), "sym_stride": lambda t, d=None: t.stride(d),
        "sym_storage_offset": lambda t: t.storage_offset(), "_to_copy": to_copy,
        "_local_scalar_dense": lambda t: t.item(), "_unsafe_view": lambda t, size: t.view(size),
        "alias": lambda t: t.view(t.shape), "lift_fresh": lambda t: t, "lift_fresh_copy": lambda t: t.clone(),
        "_assert_async": lambda t, msg="Expected Tensor with single nonzero value, but got zero": mindtorch._assert(
            bool(t), msg),
        "_assert_scalar": lambda v, msg: mindtorch._assert(bool(v), msg),
        "_assert_tensor_metadata": lambda *a, **k: None,
        "sym_constrain_range_for_size": lambda *a, **k: None,
        "_is_all_true": lambda t: t.all(),
    }


class _OpNamespace(types.ModuleType):
    def __init__(self, name):
        super().__init__(f"torch.ops.{name}")
        self.name = name
        self._dir = []

    def __getattr__(self, op_name):
        if op_name.startswith("__"):
            raise AttributeError(op_name)
        from . import library
        qualified = f"{self.name}::{op_name}"
        if self.name == "aten":
            resolve = _aten_resolver(op_name)
        elif qualified in library._REGISTRY:
            resolve = library._REGISTRY[qualified].dispatcher
        else:
            raise AttributeError(f"'_OpNamespace' '{self.name}' object has no attribute '{op_name}'")
        packet = OpOverloadPacket(qualified, resolve)
        setattr(self, op_name, packet)
        self._dir.append(op_name)
        return packet


def _aten_resolver(name):
    def resolve():
        import mindtorch
        fn = getattr(mindtorch, name, None)
        if fn is None:
            fn = getattr(mindtorch.Tensor, name, None)
        if fn is None:
            fn = _aten_only().get(name)
        if fn is None:
            raise NotImplementedError(f"mindtorch: torch.ops.aten.{name} is not implemented")
        return fn
    return resolve


class _Ops(types.ModuleType):
    __file__ = "_ops.py"

    def __init__(self):
        super().__init__("torch.ops")
        self.loaded_libraries = set()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        ns = _OpNamespace(name)
        setattr(self, name, ns)
        return ns

    def load_library(self, path):
        raise NotImplementedError(f"mindtorch: torch.ops.load_library cannot load compiled torch extensions ({path})")

    def import_module(self, module):
        import importlib
        importlib.import_module(module)


ops = _Ops()
