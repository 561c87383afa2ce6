"""mindtorch.Tensor: a MindSpore value, torch's view metadata over a shared Storage, and autograd fields.

The op methods (add, sum, view, ...) and Python operators are installed from the op registry
(`_ops.install_tensor_methods`); this file holds what is the Tensor's own: storage and views,
conversion to Python/NumPy, and the protocol methods that are not ops.
"""
import builtins
import copy
import numbers

import numpy as np
import mindspore as ms
from mindspore import ops

from . import _dtype as D
from ._device import CPU
from ._layout import strided as _strided
from ._storage import Storage, contiguous_strides, is_contiguous_layout, flat_indices, gather_flat, scatter_flat, \
    ms_itemsize, reinterpret_flat


class Size(tuple):
    """torch.Size: a tuple of ints; slicing, `+` and `*` give Sizes."""
    __module__ = "mindtorch"

    def __new__(cls, sizes=()):
        out = []
        for i, s in enumerate(sizes):
            if not isinstance(s, builtins.int):
                index = getattr(s, "__index__", None)
                if index is None or isinstance(s, builtins.float):
                    raise TypeError(f"torch.Size() takes an iterable of 'int' (item {i} is '{type(s).__name__}')")
                s = index()
            out.append(builtins.int(s))
        return tuple.__new__(cls, out)

    def __repr__(self):
        return f"torch.Size([{', '.join(str(s) for s in self)}])"

    __str__ = __repr__

    def __getitem__(self, item):
        r = tuple.__getitem__(self, item)
        return Size(r) if isinstance(item, slice) else r

    def __add__(self, other):
        if not isinstance(other, tuple):
            raise TypeError(f"can only concatenate tuple (not {type(other).__name__}) to torch.Size")
        return Size(tuple.__add__(self, other))

    def __radd__(self, other):
        if not isinstance(other, tuple):
            return NotImplemented
        return Size(tuple.__add__(other, self))

    def __mul__(self, n):
        return Size(tuple.__mul__(self, n))

    __rmul__ = __mul__

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n

    def __reduce__(self):
        return (Size, (tuple(self),))


_new = object.__new__
_INFERENCE = [0]  # how many inference_mode(True) blocks are open, over all threads (autograd/grad_mode.py)


def _mark_inference(t):
    from .autograd.grad_mode import is_inference_mode_enabled
    if is_inference_mode_enabled():
        t.__dict__["_inference"] = True

_tuple_new = tuple.__new__
_FROM_MS_ID = D.FROM_MS_ID


def _numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


class Tensor:
    __slots__ = ("_value", "_seen", "_storage", "_shape", "_stride", "_offset", "_dtype", "_device",
                 "_index", "_base", "_requires_grad", "_grad", "grad_fn", "_retains_grad", "_hooks",
                 "__dict__", "__weakref__")
    __array_priority__ = 1000
    __module__ = "mindtorch"  # as torch.Tensor's is 'torch'; pickle finds the class there too
    is_sparse = False
    is_quantized = False
    is_nested = False
    layout = _strided  # every mindtorch tensor is dense

    # ---- construction ----------------------------------------------------------------------
    def __new__(cls, *args, device=None, dtype=None):
        """The legacy constructor: Tensor(sequence or array) copies the data as the default dtype,
        Tensor(tensor) is another tensor on the same storage, Tensor(*sizes) or Tensor(Size) is
        uninitialized (zeros here), Tensor() is empty."""
        from . import _ops
        explicit = dtype is not None
        dtype = dtype or D.get_default_dtype()
        if len(args) == 1 and not isinstance(args[0], (builtins.int, Size)):
            data = args[0]
            if isinstance(data, Tensor):
                if explicit and data._dtype is not dtype:
                    raise TypeError(f"expected {D.scalar_type_name(dtype)} (got {D.scalar_type_name(data._dtype)})")
                t = data.detach()
            elif isinstance(data, (builtins.float, builtins.complex, builtins.bool)) or data is None:
                raise TypeError(f"new(): data must be a sequence (got {type(data).__name__})")
            else:
                t = _ops.tensor(data, dtype=dtype, device=device)
        else:
            sizes = args[0] if len(args) == 1 and isinstance(args[0], Size) else args if args else (0,)
            for s in sizes:
                if not isinstance(s, builtins.int):
                    raise TypeError(f"new(): argument 'size' must be tuple of ints, but found element of type "
                                    f"{type(s).__name__}")
            t = _ops.empty(*sizes, dtype=dtype, device=device)
        if cls is not Tensor:
            return cls._make_subclass(cls, t)
        return t

    @staticmethod
    def _make(value, device=CPU, shape=None):
        """Wrap a MindSpore tensor as a new tensor owning a new storage (the fast path of every op:
        keep it to plain attribute stores)."""
        if device.type == "meta":  # an op ran on meta operands (as zeros): keep its shape and dtype only
            return Tensor._make_meta(tuple(value.shape) if shape is None else shape, _FROM_MS_ID[id(value.dtype)],
                                     device)
        t = _new(Tensor)
        t._value = value
        t._seen = 0
        if shape is None:
            shape = tuple(value.shape)
        t._storage = Storage(value, _numel(shape))
        t._shape = shape
        t._stride = None
        t._offset = 0
        t._dtype = _FROM_MS_ID[id(value.dtype)]
        t._device = device
        t._index = None
        t._base = None
        t._requires_grad = False
        t._grad = None
        t.grad_fn = None
        t._retains_grad = False
        t._hooks = None
        if _INFERENCE[0]:  # some thread is in inference_mode: mark what this thread makes (Tensor.is_inference)
            _mark_inference(t)
        return t

    @staticmethod
    def _make_meta(shape, dtype, device):
        t = object.__new__(Tensor)
        t._value = None
        t._seen = -1  # never current: reading the value goes to _reload, which refuses
        t._storage = Storage(None, _numel(shape))
        t._shape, t._stride, t._offset, t._dtype, t._device = tuple(shape), None, 0, dtype, device
        t._index = t._base = t._grad = t.grad_fn = t._hooks = None
        t._requires_grad = t._retains_grad = False
        return t

    @staticmethod
    def _make_subclass(cls, data, require_grad=False):
        """A tensor of class `cls` sharing `data`'s storage (used by nn.Parameter)."""
        t = object.__new__(cls)
        t._share(data)
        t._requires_grad = builtins.bool(require_grad)
        t._grad = None
        t.grad_fn = None
        t._retains_grad = False
        t._hooks = None
        return t

    def _share(self, other):
        """Make self another name for other's storage and layout (Parameter, `.data =`)."""
        self._value, self._seen, self._storage = other._value, other._seen, other._storage
        self._shape, self._stride, self._offset = other._shape, other._stride, other._offset
        self._dtype, self._device, self._index = other._dtype, other._device, other._index
        self._base = other._base

    # ---- the MindSpore value, views and writes -------------------------------------------------
    @property
    def _ms(self):
        """The current MindSpore value of this tensor."""
        if self._seen == self._storage.version:
            return self._value
        return self._reload()

    def _is_whole(self):
        st = self._storage
        return self._offset == 0 and self._stride is None and _numel(self._shape) == st.numel and (
            st.value is None or ms_itemsize(st.value) == self._dtype.itemsize)

    def _flat_in_own_units(self):
        """The storage as a flat MindSpore tensor indexed in this tensor's elements: the storage itself, or
        its bytes read as this tensor's dtype for a view(dtype) of another element size."""
        st = self._storage
        if ms_itemsize(st.value) != self._dtype.itemsize:
            return st.flat_as(self._dtype._ms)
        return st.flat()

    def _reload(self):
        st = self._storage
        if st.value is None:
            # a 'meta' tensor has no data: ops compute on zeros of its shape and dtype (their results are meta
            # again, Tensor._make), so shapes and dtypes come out as torch's; every way out to data refuses
            # (numpy/tolist/item/repr, to(another device), copy_ into a real tensor)
            return ops.zeros(self._shape, self._dtype._ms)
        if self._is_whole():
            v = st.value if tuple(st.value.shape) == self._shape else st.value.reshape(self._shape)
        elif self._stride is None:
            n = _numel(self._shape)
            v = self._flat_in_own_units()[self._offset:self._offset + n].reshape(self._shape)
        else:
            v = gather_flat(self._flat_in_own_units(), self._flat_index()).reshape(self._shape)
        if v.dtype != self._dtype._ms:  # a view(dtype) of a storage of another dtype of the same size
            v = v.view(self._dtype._ms)
        self._value, self._seen = v, st.version
        return v

    def _flat_index(self):
        if self._index is None:
            self._index = ms.Tensor(flat_indices(self._shape, self.stride(), self._offset))
        return self._index

    def _write(self, value):
        """Replace this tensor's elements with `value` (a MindSpore tensor of its shape and dtype),
        writing through to the shared storage so the base and every view see it."""
        st = self._storage
        if st.value is None:  # 'meta': nothing to store
            st.version += 1
            return
        if self._is_whole():
            st.value = value
        elif not _numel(self._shape):  # nothing to write (torch still counts a version)
            pass
        else:
            stride = self.stride()
            if any(s == 0 and n > 1 for s, n in zip(stride, self._shape)):
                raise RuntimeError("unsupported operation: more than one element of the written-to tensor refers "
                                   "to a single memory location. Please clone() the tensor before performing the "
                                   "operation.")
            own = st.value.dtype
            flat = self._flat_in_own_units()
            if self._stride is None:
                n = _numel(self._shape)
                index = ms.Tensor(np.arange(self._offset, self._offset + n, dtype=np.int64))
            else:
                index = self._flat_index()
            value_flat = value.reshape(-1) if value.dtype == flat.dtype else reinterpret_flat(value, flat.dtype)
            new = scatter_flat(flat, index, value_flat)
            st.value = new if new.dtype == own else new.view(own)
        st.version += 1
        self._value, self._seen = value, st.version

    def _view(self, shape, stride=None, offset=None, value=None):
        """A view of this tensor's storage with the given layout (stride None: contiguous).
        `value`, when the caller has it cheaply, saves a gather on first read."""
        t = object.__new__(Tensor)
        st = self._storage
        shape = tuple(shape)
        if stride is not None:
            stride = tuple(stride)
            if stride == contiguous_strides(shape):
                stride = None
        t._storage = st
        t._shape, t._stride = shape, stride
        t._offset = self._offset if offset is None else offset
        t._dtype, t._device, t._index = self._dtype, self._device, None
        if value is None:
            t._value, t._seen = None, -1
        else:
            t._value, t._seen = value, st.version
        t._base = self._base if self._base is not None else self
        t._requires_grad = False
        t._grad = t.grad_fn = t._hooks = None
        t._retains_grad = False
        return t

    # ---- metadata ---------------------------------------------------------------------------
    @property
    def shape(self):
        return _tuple_new(Size, self._shape)  # _shape holds ints already: skip Size's checks

    def size(self, dim=None):
        if dim is None:
            return _tuple_new(Size, self._shape)
        return self._shape[_size_dim(dim, len(self._shape))]

    @property
    def dtype(self):
        return self._dtype

    @property
    def device(self):
        return self._device

    @property
    def is_cuda(self):
        return self._device.type == "cuda"

    @property
    def is_cpu(self):
        return self._device.type == "cpu"

    @property
    def is_meta(self):
        return self._device.type == "meta"

    @property
    def is_npu(self):
        return self._device.type == "npu"

    @property
    def ndim(self):
        return len(self._shape)

    def dim(self):
        return len(self._shape)

    ndimension = dim

    def numel(self):
        return _numel(self._shape)

    nelement = numel

    def element_size(self):
        return self._dtype.itemsize

    @property
    def itemsize(self):
        return self._dtype.itemsize

    @property
    def nbytes(self):
        return self._dtype.itemsize * _numel(self._shape)

    def stride(self, dim=None):
        s = contiguous_strides(self._shape) if self._stride is None else self._stride
        return s if dim is None else s[_size_dim(dim, len(s))]

    def storage_offset(self):
        return self._offset

    def is_contiguous(self, memory_format=None):
        # torch: a tensor without elements is contiguous whatever its strides
        return self._stride is None or 0 in self._shape or is_contiguous_layout(self._shape, self._stride)

    def is_floating_point(self):
        return self._dtype.is_floating_point

    def is_complex(self):
        return self._dtype.is_complex

    def is_signed(self):
        return self._dtype.is_signed

    def get_device(self):
        return -1 if self._device.type == "cpu" else (self._device.index or 0)

    def data_ptr(self):
        """The address of this tensor's first element in a host mirror of its storage (Storage.host_address):
        fixed for the storage's life and shared by its views, like torch's; reading it gives the values."""
        if self._device.type == "meta":
            return 0
        return self._storage.host_address(True) + self._offset * self._dtype.itemsize

    def untyped_storage(self):
        return _StorageView(self._storage)

    @property
    def _version(self):
        return self._storage.version

    def _is_view(self):
        return self._base is not None

    # ---- autograd fields (the engine lives in mindtorch.autograd) -------------------------------
    @property
    def requires_grad(self):
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        if not flag and self.grad_fn is not None:
            raise RuntimeError("you can only change requires_grad flags of leaf variables. If you want to use a "
                               "computed variable in a subgraph that doesn't require differentiation use "
                               "var_no_grad = var.detach().")
        if flag and self._dtype._kind < 2:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self._requires_grad = builtins.bool(flag)

    def requires_grad_(self, requires_grad=True):
        self.requires_grad = requires_grad
        return self

    @property
    def grad(self):
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type "
                                f"{type(value).__name__}")
            if value._shape != self._shape:
                raise RuntimeError(f"attempting to assign a gradient of size '{list(value._shape)}' to a tensor of "
                                   f"size '{list(self._shape)}'. Please ensure that the gradient and the tensor "
                                   "are the same size")
            if value._dtype is not self._dtype:
                raise RuntimeError(f"attempting to assign a gradient with dtype '{value._dtype}' to a tensor with "
                                   f"grad_dtype '{D.scalar_type_name(self._dtype)}'. The gradient must match the "
                                   "tensor's grad_dtype (defaults to the tensor's dtype).")
        self._grad = value

    @grad.deleter
    def grad(self):
        self._grad = None

    @property
    def is_leaf(self):
        return self.grad_fn is None

    @property
    def retains_grad(self):
        return self._retains_grad

    @property
    def data(self):
        return self.detach()

    @data.setter
    def data(self, other):
        if not isinstance(other, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(other).__name__}")
        if self._requires_grad and other._dtype._kind < 2:
            raise RuntimeError("data set to a tensor that requires gradients must be floating point or complex dtype")
        self._share(other)
        self._index = other._index

    def detach(self):
        t = self._view(self._shape, self._stride, self._offset,
                       self._value if self._seen == self._storage.version else None)
        t._base = self._base
        return t

    def detach_(self):
        if self._base is not None:
            raise RuntimeError("Can't detach views in-place. Use detach() instead. If you are using "
                               "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as "
                               "True, gradients are views of DDP buckets, and hence detach_() cannot be called on "
                               "these gradients. To fix this error, please refer to the Optimizer.zero_grad() "
                               "function in torch/optim/optimizer.py as the solution.")
        self.grad_fn = None
        self._requires_grad = False
        return self

    # ---- conversion to Python and NumPy -------------------------------------------------------
    def numpy(self, *, force=False):
        if self._device.type != "cpu" and not force:
            d = "meta" if self._device.type == "meta" else f"{self._device.type}:{self._device.index or 0}"
            raise TypeError(f"can't convert {d} device type tensor to numpy. Use Tensor.cpu() to copy the tensor "
                            "to host memory first.")
        if self._requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        if self._dtype is D.bfloat16:
            raise TypeError("Got unsupported ScalarType BFloat16")
        return self._host_array()

    def _host_array(self):
        """A NumPy copy of the values (MindSpore's asnumpy shares memory with the value, which other
        tensors may hold, so it is never handed out); bfloat16 comes back as float32."""
        v = self._ms
        if v.dtype == ms.bfloat16:
            v = ops.cast(v, ms.float32)
        return np.array(v.asnumpy(), copy=True).reshape(self._shape)

    def _check_data(self, what):
        if self._device.type == "meta":
            if what == "item":
                raise RuntimeError("Tensor.item() cannot be called on meta tensors")
            raise NotImplementedError("Cannot copy out of meta tensor; no data!")

    def __array__(self, dtype=None, copy=None):
        a = self.numpy()
        return a if dtype is None else a.astype(dtype, copy=False)

    def __array_wrap__(self, array, context=None, return_scalar=False):
        """NumPy ufuncs on tensors (np.add(t, 1)) give tensors back; bool results come back as uint8,
        as torch's do."""
        from . import _ops
        if array.dtype == np.bool_:
            array = array.astype(np.uint8)
        return _ops.from_numpy(array if array.flags.c_contiguous else array.copy())

    def tolist(self):
        self._check_data("tolist")
        return self._host_array().tolist()

    def item(self):
        self._check_data("item")
        n = _numel(self._shape)
        if n != 1:
            raise RuntimeError(f"a Tensor with {n} elements cannot be converted to Scalar")
        return self._host_array().reshape(()).item()

    def __bool__(self):
        n = _numel(self._shape)
        if n == 0:
            raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
        if n > 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return builtins.bool(self.item())

    def __float__(self):  # complex with a zero imaginary part converts, as in torch
        v = self._scalar()
        if isinstance(v, builtins.complex) and v.imag:
            raise RuntimeError("value cannot be converted to type double without overflow")
        return builtins.float(v.real if isinstance(v, builtins.complex) else v)

    def __int__(self):
        v = self._scalar()
        if isinstance(v, builtins.complex) and v.imag:
            raise RuntimeError("value cannot be converted to type int64_t without overflow")
        return builtins.int(v.real if isinstance(v, builtins.complex) else v)

    def __complex__(self):
        return builtins.complex(self._scalar())

    def _scalar(self):
        if _numel(self._shape) != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self.item()

    def __index__(self):
        if self._dtype._kind > 1 or _numel(self._shape) != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return builtins.int(self.item())

    def __len__(self):
        if not self._shape:
            raise TypeError("len() of a 0-d tensor")
        return self._shape[0]

    def __iter__(self):
        if not self._shape:
            raise TypeError("iteration over a 0-d tensor")
        unbind = getattr(self, "unbind", None)
        if unbind is not None:
            return iter(unbind(0))
        stride = self.stride()  # until the shape ops provide unbind: one view per row
        return iter([self._view(self._shape[1:], stride[1:], self._offset + i * stride[0])
                     for i in range(self._shape[0])])

    def __reversed__(self):
        if not self._shape:
            return self
        return self.flip(0)

    def __contains__(self, element):
        if isinstance(element, (Tensor, numbers.Number)):
            found = self == element
            return builtins.bool(found._host_array().any()) if isinstance(found, Tensor) else builtins.bool(found)
        raise RuntimeError(f"Tensor.__contains__ only supports Tensor or scalar, but you passed in a "
                           f"{type(element)}.")

    def __format__(self, spec):
        if not self._shape and type(self) is Tensor and self._device.type != "meta":
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    def __hash__(self):
        return id(self)

    def __repr__(self, *, tensor_contents=None):
        from ._tensor_str import tensor_repr
        return tensor_repr(self, tensor_contents)

    __str__ = __repr__

    # ---- copies and pickling ------------------------------------------------------------------
    def __copy__(self):
        """copy.copy: another tensor over the same storage, keeping requires_grad (as torch's)."""
        t = self.detach() if type(self) is Tensor else type(self)._make_subclass(type(self), self.detach())
        t._requires_grad = self._requires_grad
        t.__dict__.update(self.__dict__)
        return t

    def __deepcopy__(self, memo):
        if self.grad_fn is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                               "protocol at the moment.  If you were attempting to deepcopy a module, this may be "
                               "because of a torch.nn.utils.weight_norm usage, see "
                               "https://github.com/pytorch/pytorch/pull/103001")
        if id(self) in memo:
            return memo[id(self)]
        t = self.detach().clone() if self._device.type != "meta" else Tensor._make_meta(self._shape, self._dtype,
                                                                                      self._device)
        if type(self) is not Tensor:
            t = type(self)._make_subclass(type(self), t, self._requires_grad)
        else:
            t._requires_grad = self._requires_grad
        memo[id(self)] = t
        if self._grad is not None:
            t._grad = copy.deepcopy(self._grad, memo)
        t.__dict__.update({k: copy.deepcopy(v, memo) for k, v in self.__dict__.items()})
        return t

    def __reduce_ex__(self, protocol):
        """Pickle as values + dtype + device + requires_grad (torch.save's format lives in serialization)."""
        if self.grad_fn is not None and self._requires_grad:
            pass  # torch pickles non-leaves too; the copy is a leaf
        if self._device.type == "meta":
            data = None
        else:
            data = self._host_array()
        state = self.__dict__ or None
        return (_rebuild_tensor, (type(self), data, self._dtype.name, tuple(self._shape), str(self._device),
                                  self._requires_grad, state))


def _rebuild_tensor(cls, data, dtype_name, shape, device, requires_grad, state=None):
    from . import _ops
    dtype = D.BY_NAME[dtype_name]
    from ._device import device as Device
    dev = Device(device)
    if data is None:
        t = Tensor._make_meta(shape, dtype, dev)
    else:
        t = _ops.tensor(data, dtype=dtype, device=dev)
    if cls is not Tensor:
        t = cls._make_subclass(cls, t, requires_grad)
    else:
        t._requires_grad = requires_grad
    if state:
        t.__dict__.update(state)
    return t


class _StorageView:
    """What `untyped_storage()` returns: identity and size of the shared storage."""

    def __init__(self, storage):
        self._storage = storage

    def data_ptr(self):
        return self._storage.host_address(False)

    def nbytes(self):
        return self._storage.nbytes()

    def size(self):
        return self.nbytes()

    def __eq__(self, other):
        return isinstance(other, _StorageView) and other._storage is self._storage

    def __hash__(self):
        return id(self._storage)


def _size_dim(dim, ndim):
    """size(dim)/stride(dim): torch's dim check, where a 0-dim tensor has no dim at all."""
    if not ndim:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return _wrap_dim(dim, ndim)


def _wrap_dim(dim, ndim):
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n
