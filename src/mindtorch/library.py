"""torch.library: operators defined in Python. `custom_op`, `define` + `impl`, `Library`,
`register_fake`, `register_kernel` and `register_autograd` register the Python functions; the operator
is callable as `torch.ops.<ns>.<name>` (and through the object custom_op returns), dispatching on the
device type of its tensor arguments, and differentiable through the registered backward. Fake
(meta) implementations are kept and run for calls whose tensors are all on the 'meta' device."""
import inspect

from ._device import device as _Device

__all__ = ["Library", "custom_op", "define", "impl", "register_fake", "register_kernel", "register_autograd",
           "get_ctx", "opcheck", "fallthrough_kernel", "impl_abstract", "register_torch_dispatch",
           "register_vmap", "triton_op", "wrap_triton", "infer_schema", "CustomOpDef"]

_REGISTRY = {}  # "ns::name" -> _Operator


def _tensor_device_types(args, kwargs):
    found = []

    def visit(x):
        if hasattr(x, "_storage") and hasattr(x, "_dtype"):
            found.append(x._device.type)
        elif isinstance(x, (list, tuple)):
            for y in x:
                visit(y)
    for a in args:
        visit(a)
    for a in kwargs.values():
        visit(a)
    return found


class _Operator:
    """One operator: kernels by device type ('default' serves all), fake impl, autograd formula."""

    def __init__(self, qualname, schema=None, fn=None):
        self.qualname = qualname
        self.schema = schema
        self.kernels = {}
        self.fake = None
        self.backward = None
        self.setup_context = None
        self.signature = None
        if fn is not None:
            self.kernels["default"] = fn
            self.signature = inspect.signature(fn)

    def _kernel(self, args, kwargs):
        types = _tensor_device_types(args, kwargs)
        if types and all(t == "meta" for t in types) and self.fake is not None:
            return self.fake
        for t in types or ["cpu"]:
            k = self.kernels.get(t)
            if k is not None:
                return k
        k = self.kernels.get("default")
        if k is None:
            where = types[0] if types else "cpu"
            raise NotImplementedError(f"mindtorch: operator {self.qualname} has no kernel for device '{where}'")
        return k

    def dispatcher(self):
        return self.call

    def call(self, *args, **kwargs):
        kernel = self._kernel(args, kwargs)
        if self.backward is None:
            return kernel(*args, **kwargs)
        return self._autograd_call(kernel, args, kwargs)

    def _autograd_call(self, kernel, args, kwargs):
        from .autograd import Function
        sig = self.signature or inspect.signature(kernel)
        bound = sig.bind(*args, **kwargs)
        bound.apply_defaults()
        names = list(bound.arguments)
        values = tuple(bound.arguments.values())
        op = self

        class _CustomOpFunction(Function):
            @staticmethod
            def forward(*inputs):
                return kernel(**dict(zip(names, inputs)))

            @staticmethod
            def setup_context(ctx, inputs, output):
                if op.setup_context is not None:
                    op.setup_context(ctx=ctx, inputs=inputs, output=output)

            @staticmethod
            def backward(ctx, *grads):
                result = op.backward(ctx, *grads)
                if not isinstance(result, tuple):
                    result = (result,)
                if len(result) != len(values):
                    raise RuntimeError(f"{op.qualname}: the backward returned {len(result)} gradients, expected "
                                       f"{len(values)} (one per input)")
                return result

        _CustomOpFunction.__name__ = self.qualname.replace("::", "_")
        return _CustomOpFunction.apply(*values)


def _parse_qualname(qualname):
    if not isinstance(qualname, str) or "::" not in qualname:
        raise ValueError(f"Expected there to be a namespace in {qualname}, i.e. The operator name should look "
                         "something like ns::foo")
    ns, name = qualname.split("::", 1)
    if "." in name:
        name = name.split(".", 1)[0]
    return ns, name


def _operator(op, create=False):
    if isinstance(op, CustomOpDef):
        return op._op
    qual = None
    if isinstance(op, str):
        ns, name = _parse_qualname(op)
        qual = f"{ns}::{name}"
    elif hasattr(op, "_qualified_op_name"):
        qual = op._qualified_op_name
    elif hasattr(op, "_packet"):
        qual = op._packet._qualified_op_name
    if qual is None:
        raise ValueError(f"expected an operator (name 'ns::name', CustomOpDef or OpOverload), got {op!r}")
    if qual not in _REGISTRY:
        if not create:
            raise RuntimeError(f"operator {qual} does not exist (define it with torch.library.define or custom_op)")
        _REGISTRY[qual] = _Operator(qual)
    return _REGISTRY[qual]


def _device_types(device_types):
    if device_types is None:
        return ["default"]
    if isinstance(device_types, (str, _Device)):
        device_types = [device_types]
    out = []
    for d in device_types:
        d = d.type if isinstance(d, _Device) else str(d)
        out.append({"CompositeImplicitAutograd": "default", "CompositeExplicitAutograd": "default", "CPU": "cpu",
                    "CUDA": "cuda", "PrivateUse1": "npu", "Meta": "meta", "": "default"}.get(d, d.split(":")[0]))
    return out


class CustomOpDef:
    """What torch.library.custom_op returns: call it like the function; register_fake/register_kernel/
    register_autograd extend it."""

    def __init__(self, namespace, name, schema, fn):
        self._namespace, self._name = namespace, name
        self._op = _REGISTRY[f"{namespace}::{name}"] = _Operator(f"{namespace}::{name}", schema, fn)
        self._init_fn = fn
        self.__name__ = name
        self.__doc__ = fn.__doc__

    def __call__(self, *args, **kwargs):
        return self._op.call(*args, **kwargs)

    @property
    def _qualname(self):
        return f"{self._namespace}::{self._name}"

    @property
    def _opoverload(self):
        from ._ops_namespace import ops
        return getattr(getattr(ops, self._namespace), self._name).default

    def register_fake(self, fn=None, /):
        def register(fn):
            self._op.fake = fn
            return fn
        return register(fn) if fn is not None else register

    register_abstract = register_fake

    def register_kernel(self, device_types, fn=None, /):
        def register(fn):
            for d in _device_types(device_types):
                self._op.kernels[d] = fn
            return fn
        return register(fn) if fn is not None else register

    def register_autograd(self, backward, /, *, setup_context=None):
        self._op.backward = backward
        self._op.setup_context = setup_context

    def register_torch_dispatch(self, torch_dispatch_class, fn=None, /):
        raise NotImplementedError("mindtorch: register_torch_dispatch is not supported (no __torch_dispatch__)")

    def register_vmap(self, func=None, /):
        def register(fn):
            self._op.vmap = fn
            return fn
        return register(func) if func is not None else register

    def set_kernel_enabled(self, device_type, enabled=True):
        raise NotImplementedError("mindtorch: CustomOpDef.set_kernel_enabled is not supported")

    def __repr__(self):
        return f"<CustomOpDef({self._qualname})>"


def custom_op(name, fn=None, /, *, mutates_args, device_types=None, schema=None, tags=None):
    """Register `fn` as operator `name` ("ns::name"), callable as torch.ops.ns.name."""
    ns, op_name = _parse_qualname(name)
    if mutates_args != "unknown" and not isinstance(mutates_args, (str, tuple, list, set, frozenset)):
        raise ValueError(f"mutates_args must be 'unknown' or an iterable of argument names, got {mutates_args!r}")

    def register(fn):
        op = CustomOpDef(ns, op_name, schema, fn)
        if device_types is not None:
            kernel = op._op.kernels.pop("default")
            for d in _device_types(device_types):
                op._op.kernels[d] = kernel
        _invalidate(ns, op_name)
        return op
    return register(fn) if fn is not None else register


def _invalidate(ns, name):
    from ._ops_namespace import ops
    space = ops.__dict__.get(ns)
    if space is not None and name in space.__dict__:
        delattr(space, name)


def define(qualname, schema, *, lib=None, tags=()):
    ns, name = _parse_qualname(qualname)
    qual = f"{ns}::{name}"
    if qual in _REGISTRY and _REGISTRY[qual].schema is not None:
        raise RuntimeError(f"Tried to register an operator ({qual}) with the same name and overload name multiple "
                           "times.")
    _REGISTRY[qual] = _Operator(qual, schema)
    _invalidate(ns, name)


def impl(qualname, types, func=None, *, lib=None):
    op = _operator(qualname, create=True)

    def register(fn):
        for d in _device_types(types):
            op.kernels[d] = fn
        if op.signature is None:
            op.signature = inspect.signature(fn)
        return fn
    return register(func) if func is not None else register


def register_kernel(op, device_types, func=None, /, *, lib=None):
    return impl(op if isinstance(op, str) else _operator(op).qualname, device_types, func)


def register_fake(op, func=None, /, *, lib=None, _stacklevel=1, allow_override=False):
    target = _operator(op, create=True)

    def register(fn):
        target.fake = fn
        return fn
    return register(func) if func is not None else register


impl_abstract = register_fake


def register_autograd(op, backward, /, *, setup_context=None, lib=None):
    target = _operator(op)
    target.backward = backward
    target.setup_context = setup_context


def register_torch_dispatch(op, torch_dispatch_class, func=None, /, *, lib=None):
    raise NotImplementedError("mindtorch: register_torch_dispatch is not supported (no __torch_dispatch__)")


def register_vmap(op, func=None, /, *, lib=None):
    target = _operator(op)

    def register(fn):
        target.vmap = fn
        return fn
    return register(func) if func is not None else register


def fallthrough_kernel():
    raise NotImplementedError("fallthrough_kernel() should never be called.")


class _Ctx:
    def new_dynamic_size(self, *, min=0, max=None):
        raise NotImplementedError("mindtorch: dynamic sizes in fake kernels are not supported")


def get_ctx():
    return _Ctx()


def opcheck(op, args, kwargs=None, *, test_utils=None, raise_exception=True, atol=None, rtol=None):
    raise NotImplementedError("mindtorch: torch.library.opcheck is not supported")


def triton_op(name, fn=None, /, *, mutates_args, schema=None):
    raise NotImplementedError("mindtorch: torch.library.triton_op is not supported (no Triton)")


def wrap_triton(triton_kernel, /):
    raise NotImplementedError("mindtorch: torch.library.wrap_triton is not supported (no Triton)")


def infer_schema(prototype_function, /, *, mutates_args, op_name=None):
    raise NotImplementedError("mindtorch: torch.library.infer_schema is not supported")


class Library:
    """A set of operator definitions/implementations in namespace `ns` ('DEF', 'IMPL' or 'FRAGMENT')."""

    def __init__(self, ns, kind, dispatch_key=""):
        if kind not in ("IMPL", "DEF", "FRAGMENT"):
            raise ValueError(f"Unsupported kind: {kind}")
        self.ns, self.kind, self.dispatch_key = ns, kind, dispatch_key
        self._defined = []

    def define(self, schema, alias_analysis="", *, tags=()):
        name = schema.split("(", 1)[0].strip()
        define(f"{self.ns}::{name}", schema)
        self._defined.append(f"{self.ns}::{name.split('.')[0]}")
        return name

    def impl(self, op_name, fn, dispatch_key="", *, with_keyset=False, allow_override=False):
        if not callable(fn):
            raise TypeError(f"Input function is required to be a callable but found type {type(fn)}")
        if with_keyset:
            raise NotImplementedError("mindtorch: Library.impl(with_keyset=True) is not supported")
        name = op_name if isinstance(op_name, str) else _operator(op_name).qualname.split("::")[1]
        qual = name if "::" in name else f"{self.ns}::{name}"
        impl(qual, dispatch_key or self.dispatch_key or "default", fn)

    def fallback(self, fn, dispatch_key="", *, with_keyset=False):
        raise NotImplementedError("mindtorch: Library.fallback is not supported")

    def _destroy(self):
        for q in self._defined:
            _REGISTRY.pop(q, None)
            ns, name = q.split("::")
            _invalidate(ns, name)
        self._defined = []
