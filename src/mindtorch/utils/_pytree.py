"""torch.utils._pytree: nested containers (tuple, list, dict, OrderedDict, defaultdict, deque, namedtuple
and registered types) flattened to leaves and a TreeSpec, and rebuilt from them; same orders, specs,
reprs, key paths and JSON serialization as torch's."""
import dataclasses
import functools
import json
import threading
from collections import OrderedDict, defaultdict, deque, namedtuple
from typing import Any, Callable, NamedTuple

__all__ = ["PyTree", "Context", "FlattenFunc", "UnflattenFunc", "DumpableContext", "ToDumpableContextFn",
           "FromDumpableContextFn", "TreeSpec", "LeafSpec", "keystr", "key_get", "register_pytree_node",
           "tree_flatten", "tree_flatten_with_path", "tree_unflatten", "tree_iter", "tree_leaves",
           "tree_leaves_with_path", "tree_structure", "tree_map", "tree_map_with_path", "tree_map_", "tree_map_only",
           "tree_map_only_", "tree_all", "tree_any", "tree_all_only", "tree_any_only", "treespec_dumps",
           "treespec_loads", "treespec_pprint", "is_namedtuple", "is_namedtuple_class", "is_namedtuple_instance",
           "is_structseq", "is_structseq_class", "is_structseq_instance", "SequenceKey", "MappingKey", "GetAttrKey",
           "register_dataclass", "register_constant", "tree_is_leaf", "arg_tree_leaves", "treespec_leaf",
           "treespec_tuple", "treespec_dict"]

PyTree = Any
Context = Any
DumpableContext = Any
FlattenFunc = Callable
UnflattenFunc = Callable
ToDumpableContextFn = Callable
FromDumpableContextFn = Callable
FlattenWithKeysFunc = Callable
KeyPath = tuple
KeyEntry = Any

DEFAULT_TREESPEC_SERIALIZATION_PROTOCOL = 1
NO_SERIALIZED_TYPE_NAME_FOUND = "NO_SERIALIZED_TYPE_NAME_FOUND"


class NodeDef(NamedTuple):
    type: Any
    flatten_fn: Callable
    unflatten_fn: Callable
    flatten_with_keys_fn: Any


@dataclasses.dataclass
class _SerializeNodeDef:
    typ: Any
    serialized_type_name: str
    to_dumpable_context: Any
    from_dumpable_context: Any


SUPPORTED_NODES = {}
SUPPORTED_SERIALIZED_TYPES = {}
SERIALIZED_TYPE_TO_PYTHON_TYPE = {}
CONSTANT_NODES = set()
_NODE_REGISTRY_LOCK = threading.Lock()


# ---- key paths ------------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class SequenceKey:
    idx: int

    def __str__(self):
        return f"[{self.idx!r}]"

    def get(self, sequence):
        return sequence[self.idx]


@dataclasses.dataclass(frozen=True)
class MappingKey:
    key: Any

    def __str__(self):
        return f"[{self.key!r}]"

    def get(self, mapping):
        return mapping[self.key]


@dataclasses.dataclass(frozen=True)
class GetAttrKey:
    name: str

    def __str__(self):
        return f".{self.name}"

    def get(self, obj):
        return getattr(obj, self.name)


def keystr(kp):
    return "".join(str(k) for k in kp)


def key_get(obj, kp):
    for k in kp:
        obj = k.get(obj)
    return obj


# ---- registration --------------------------------------------------------------------------------------------
def _register(cls, flatten_fn, unflatten_fn, *, serialized_type_name=None, to_dumpable_context=None,
              from_dumpable_context=None, flatten_with_keys_fn=None):
    with _NODE_REGISTRY_LOCK:
        if cls in SUPPORTED_NODES:
            raise ValueError(f"{cls} is already registered as pytree node.")
        if (to_dumpable_context is None) != (from_dumpable_context is None):
            raise ValueError(f"Both to_dumpable_context and from_dumpable_context for {cls} must be None or "
                             "registered.")
        SUPPORTED_NODES[cls] = NodeDef(cls, flatten_fn, unflatten_fn, flatten_with_keys_fn)
        if serialized_type_name is None:
            serialized_type_name = NO_SERIALIZED_TYPE_NAME_FOUND
        SUPPORTED_SERIALIZED_TYPES[cls] = _SerializeNodeDef(cls, serialized_type_name, to_dumpable_context,
                                                            from_dumpable_context)
        SERIALIZED_TYPE_TO_PYTHON_TYPE[serialized_type_name] = cls


def register_pytree_node(cls, flatten_fn, unflatten_fn, *, serialized_type_name=None, to_dumpable_context=None,
                         from_dumpable_context=None, flatten_with_keys_fn=None):
    """Register `cls` as a node: flatten_fn(obj) -> (children, context), unflatten_fn(children, context)."""
    _register(cls, flatten_fn, unflatten_fn, serialized_type_name=serialized_type_name,
              to_dumpable_context=to_dumpable_context, from_dumpable_context=from_dumpable_context,
              flatten_with_keys_fn=flatten_with_keys_fn)


_register_pytree_node = register_pytree_node
_private_register_pytree_node = _register


def _deregister_pytree_node(cls):
    with _NODE_REGISTRY_LOCK:
        SUPPORTED_NODES.pop(cls, None)
        node = SUPPORTED_SERIALIZED_TYPES.pop(cls, None)
        if node is not None:
            SERIALIZED_TYPE_TO_PYTHON_TYPE.pop(node.serialized_type_name, None)


def register_dataclass(cls, *, field_names=None, drop_field_names=None, serialized_type_name=None):
    if not dataclasses.is_dataclass(cls) and field_names is None:
        raise ValueError("field_names must be given for a class that is not a dataclass")
    names = field_names if field_names is not None else \
        [f.name for f in dataclasses.fields(cls) if f.init and f.name not in (drop_field_names or ())]

    def flatten(obj):
        return [getattr(obj, n) for n in names], names

    def unflatten(values, context):
        return cls(**dict(zip(context, values)))

    def flatten_with_keys(obj):
        return [(GetAttrKey(n), getattr(obj, n)) for n in names], names
    register_pytree_node(cls, flatten, unflatten, serialized_type_name=serialized_type_name,
                         flatten_with_keys_fn=flatten_with_keys)


class ConstantNode:
    def __init__(self, value):
        self.value = value


def register_constant(cls):
    CONSTANT_NODES.add(cls)

    def flatten(obj):
        return [], ConstantNode(obj)

    def unflatten(values, context):
        return context.value

    def flatten_with_keys(obj):
        return [], ConstantNode(obj)
    register_pytree_node(cls, flatten, unflatten, flatten_with_keys_fn=flatten_with_keys)


def is_constant_class(cls):
    return cls in CONSTANT_NODES


# ---- builtin nodes ----------------------------------------------------------------------------------------
def _tuple_flatten(d):
    return list(d), None


def _tuple_flatten_with_keys(d):
    return [(SequenceKey(i), v) for i, v in enumerate(d)], None


def _tuple_unflatten(values, context):
    return tuple(values)


def _list_flatten(d):
    return list(d), None


def _list_flatten_with_keys(d):
    return [(SequenceKey(i), v) for i, v in enumerate(d)], None


def _list_unflatten(values, context):
    return list(values)


def _dict_flatten(d):
    return list(d.values()), list(d.keys())


def _dict_flatten_with_keys(d):
    return [(MappingKey(k), v) for k, v in d.items()], list(d.keys())


def _dict_unflatten(values, context):
    return dict(zip(context, values))


def _namedtuple_flatten(d):
    return list(d), type(d)


def _namedtuple_flatten_with_keys(d):
    return [(GetAttrKey(f), v) for f, v in zip(d._fields, d)], type(d)


def _namedtuple_unflatten(values, context):
    return context(*values)


def _namedtuple_serialize(context):
    node = SUPPORTED_SERIALIZED_TYPES.get(context)
    if node is None:
        raise NotImplementedError(f"Can't serialize TreeSpec of namedtuple class {context} because we didn't find a "
                                  "serialized name for it. Please register it with _register_namedtuple.")
    return node.serialized_type_name


def _namedtuple_deserialize(context):
    if context not in SERIALIZED_TYPE_TO_PYTHON_TYPE:
        raise NotImplementedError(f"Can't deserialize TreeSpec of namedtuple class {context} because we couldn't "
                                  "find a serialized name.")
    return SERIALIZED_TYPE_TO_PYTHON_TYPE[context]


def _register_namedtuple(cls, *, serialized_type_name):
    _register(cls, _namedtuple_flatten, _namedtuple_unflatten, serialized_type_name=serialized_type_name,
              to_dumpable_context=lambda c: c, from_dumpable_context=lambda c: c,
              flatten_with_keys_fn=_namedtuple_flatten_with_keys)


def _ordereddict_flatten(d):
    return list(d.values()), list(d.keys())


def _ordereddict_flatten_with_keys(d):
    return [(MappingKey(k), v) for k, v in d.items()], list(d.keys())


def _ordereddict_unflatten(values, context):
    return OrderedDict(zip(context, values))


_odict_flatten, _odict_unflatten = _ordereddict_flatten, _ordereddict_unflatten


def _defaultdict_flatten(d):
    values, keys = _dict_flatten(d)
    return values, [d.default_factory, keys]


def _defaultdict_flatten_with_keys(d):
    values, context = _defaultdict_flatten(d)
    return [(MappingKey(k), v) for k, v in zip(context[1], values)], context


def _defaultdict_unflatten(values, context):
    factory, keys = context
    return defaultdict(factory, dict(zip(keys, values)))


def _defaultdict_serialize(context):
    factory, keys = context
    return {"default_factory_module": factory.__module__, "default_factory_name": factory.__qualname__,
            "dict_context": keys}


def _defaultdict_deserialize(dumpable):
    import importlib
    module = importlib.import_module(dumpable["default_factory_module"])
    return [getattr(module, dumpable["default_factory_name"]), dumpable["dict_context"]]


def _deque_flatten(d):
    return list(d), d.maxlen


def _deque_flatten_with_keys(d):
    return [(SequenceKey(i), v) for i, v in enumerate(d)], d.maxlen


def _deque_unflatten(values, context):
    return deque(values, maxlen=context)


_register(tuple, _tuple_flatten, _tuple_unflatten, serialized_type_name="builtins.tuple",
          flatten_with_keys_fn=_tuple_flatten_with_keys)
_register(list, _list_flatten, _list_unflatten, serialized_type_name="builtins.list",
          flatten_with_keys_fn=_list_flatten_with_keys)
_register(dict, _dict_flatten, _dict_unflatten, serialized_type_name="builtins.dict",
          flatten_with_keys_fn=_dict_flatten_with_keys)
_register(namedtuple, _namedtuple_flatten, _namedtuple_unflatten, serialized_type_name="collections.namedtuple",
          to_dumpable_context=_namedtuple_serialize, from_dumpable_context=_namedtuple_deserialize,
          flatten_with_keys_fn=_namedtuple_flatten_with_keys)
_register(OrderedDict, _ordereddict_flatten, _ordereddict_unflatten, serialized_type_name="collections.OrderedDict",
          flatten_with_keys_fn=_ordereddict_flatten_with_keys)
_register(defaultdict, _defaultdict_flatten, _defaultdict_unflatten, serialized_type_name="collections.defaultdict",
          to_dumpable_context=_defaultdict_serialize, from_dumpable_context=_defaultdict_deserialize,
          flatten_with_keys_fn=_defaultdict_flatten_with_keys)
_register(deque, _deque_flatten, _deque_unflatten, serialized_type_name="collections.deque",
          flatten_with_keys_fn=_deque_flatten_with_keys)

STANDARD_DICT_TYPES = frozenset({dict, OrderedDict, defaultdict})
BUILTIN_TYPES = frozenset({tuple, list, dict, namedtuple, OrderedDict, defaultdict, deque})


# ---- type predicates ------------------------------------------------------------------------------------------
def is_namedtuple_class(cls):
    return isinstance(cls, type) and issubclass(cls, tuple) and isinstance(getattr(cls, "_fields", None), tuple) \
        and all(type(f) is str for f in cls._fields) and callable(getattr(cls, "_make", None)) \
        and callable(getattr(cls, "_asdict", None))


def is_namedtuple_instance(obj):
    return is_namedtuple_class(type(obj))


def is_namedtuple(obj):
    return is_namedtuple_class(obj if isinstance(obj, type) else type(obj))


def is_structseq_class(cls):
    return isinstance(cls, type) and cls.__bases__ == (tuple,) and isinstance(getattr(cls, "n_sequence_fields", None),
                                                                             int) \
        and isinstance(getattr(cls, "n_fields", None), int)


def is_structseq_instance(obj):
    return is_structseq_class(type(obj))


def is_structseq(obj):
    return is_structseq_class(obj if isinstance(obj, type) else type(obj))


def _is_namedtuple_instance(tree):
    return is_namedtuple_instance(tree)


def _get_node_type(tree):
    if is_namedtuple_instance(tree):
        return namedtuple
    return type(tree)


def _is_leaf(tree, is_leaf=None):
    return (is_leaf is not None and is_leaf(tree)) or _get_node_type(tree) not in SUPPORTED_NODES


tree_is_leaf = _is_leaf


# ---- TreeSpec ------------------------------------------------------------------------------------------------
class TreeSpec:
    """The structure of a pytree: node type, its context, and the specs of its children."""

    def __init__(self, type, context, children_specs):
        self.type = type
        self.context = context
        self._children = list(children_specs)
        self._set_counts()

    def _set_counts(self):
        if self.type is None:
            self.num_nodes, self.num_leaves, self.num_children = 1, 1, 0
        else:
            self.num_nodes = 1 + sum(c.num_nodes for c in self._children)
            self.num_leaves = sum(c.num_leaves for c in self._children)
            self.num_children = len(self._children)

    @property
    def children_specs(self):
        return self._children

    def children(self):
        return list(self._children)

    def child(self, index):
        return self._children[index]

    def is_leaf(self):
        return self.num_nodes == 1 and self.num_leaves == 1

    @property
    def _context(self):
        return self.context

    def __eq__(self, other):
        if not isinstance(other, TreeSpec):
            return NotImplemented
        return self.type == other.type and self.context == other.context and self._children == other._children

    def __hash__(self):
        return hash((self.type, repr(self.context), tuple(self._children)))

    def __repr__(self, indent=0):
        if self.type is None:
            return "*"
        name = getattr(self.type, "__name__", str(self.type))
        head = f"TreeSpec({name}, {self.context}, ["
        body = ""
        if self._children:
            inner = indent + 2
            body = self._children[0].__repr__(inner)
            if len(self._children) > 1:
                body += "," + ",".join("\n" + " " * inner + c.__repr__(inner) for c in self._children[1:])
        return f"{head}{body}])"

    def flatten_up_to(self, tree):
        out = []
        self._flatten_up_to(tree, out)
        return out

    def _flatten_up_to(self, tree, out):
        if self.is_leaf():
            out.append(tree)
            return
        node_type = _get_node_type(tree)
        if node_type is not self.type and not (self.type in STANDARD_DICT_TYPES and node_type in STANDARD_DICT_TYPES):
            raise ValueError(f"Type mismatch; expected {self.type!r}, but got {node_type!r}.")
        children, context = SUPPORTED_NODES[node_type].flatten_fn(tree)
        if len(children) != self.num_children:
            raise ValueError(f"Node arity mismatch; expected {self.num_children}, but got {len(children)}.")
        if self.type in STANDARD_DICT_TYPES or node_type in STANDARD_DICT_TYPES:
            own = self.context[1] if self.type is defaultdict else self.context
            theirs = context[1] if node_type is defaultdict else context
            if set(own) != set(theirs):
                raise ValueError(f"Node keys mismatch; missing key(s): {set(own) - set(theirs)}; extra key(s): "
                                 f"{set(theirs) - set(own)}.")
            lookup = dict(zip(theirs, children))
            children = [lookup[k] for k in own]
        elif context != self.context:
            raise ValueError(f"Node context mismatch for custom node type {self.type!r}.")
        for spec, child in zip(self._children, children):
            spec._flatten_up_to(child, out)

    def unflatten(self, leaves):
        if not isinstance(leaves, (list, tuple)):
            leaves = list(leaves)
        if len(leaves) != self.num_leaves:
            raise ValueError(f"treespec.unflatten(leaves): `leaves` has length {len(leaves)} but the spec refers to "
                             f"a pytree that holds {self.num_leaves} items ({self}).")
        if self.is_leaf():
            return leaves[0]
        start, children = 0, []
        for c in self._children:
            children.append(c.unflatten(leaves[start:start + c.num_leaves]))
            start += c.num_leaves
        return SUPPORTED_NODES[self.type].unflatten_fn(children, self.context)


class LeafSpec(TreeSpec):
    def __init__(self):
        super().__init__(None, None, [])


_LEAF_SPEC = LeafSpec()


def treespec_leaf():
    return _LEAF_SPEC


def treespec_tuple(iterable=()):
    return TreeSpec(tuple, None, list(iterable))


def treespec_dict(mapping=(), **kwargs):
    d = dict(mapping, **kwargs)
    return TreeSpec(dict, list(d.keys()), list(d.values()))


# ---- flatten / unflatten / map ---------------------------------------------------------------------------
def _flatten(tree, leaves, is_leaf):
    if _is_leaf(tree, is_leaf):
        leaves.append(tree)
        return _LEAF_SPEC
    node_type = _get_node_type(tree)
    children, context = SUPPORTED_NODES[node_type].flatten_fn(tree)
    return TreeSpec(node_type, context, [_flatten(c, leaves, is_leaf) for c in children])


def tree_flatten(tree, is_leaf=None):
    leaves = []
    spec = _flatten(tree, leaves, is_leaf)
    return leaves, spec


def tree_unflatten(leaves, treespec):
    if not isinstance(treespec, TreeSpec):
        raise TypeError(f"tree_unflatten(leaves, treespec): Expected `treespec` to be instance of TreeSpec but got "
                        f"item of type {type(treespec)}.")
    return treespec.unflatten(leaves)


def tree_iter(tree, is_leaf=None):
    if _is_leaf(tree, is_leaf):
        yield tree
        return
    children, _ = SUPPORTED_NODES[_get_node_type(tree)].flatten_fn(tree)
    for c in children:
        yield from tree_iter(c, is_leaf)


def tree_leaves(tree, is_leaf=None):
    return list(tree_iter(tree, is_leaf))


def tree_structure(tree, is_leaf=None):
    return tree_flatten(tree, is_leaf)[1]


def tree_map(func, tree, *rests, is_leaf=None):
    leaves, spec = tree_flatten(tree, is_leaf)
    flat_args = [leaves] + [spec.flatten_up_to(r) for r in rests]
    return spec.unflatten([func(*xs) for xs in zip(*flat_args)])


def tree_map_(func, tree, *rests, is_leaf=None):
    leaves, spec = tree_flatten(tree, is_leaf)
    flat_args = [leaves] + [spec.flatten_up_to(r) for r in rests]
    for xs in zip(*flat_args):
        func(*xs)
    return tree


def _type_pred(type_or_types_or_pred):
    if isinstance(type_or_types_or_pred, (type, tuple)) or type(type_or_types_or_pred).__name__ == "UnionType":
        return lambda x: isinstance(x, type_or_types_or_pred)
    if callable(type_or_types_or_pred):
        return type_or_types_or_pred
    raise TypeError("Argument must be a type, a tuple of types, or a callable.")


def map_only(type_or_types_or_pred):
    pred = _type_pred(type_or_types_or_pred)

    def wrapper(func):
        @functools.wraps(func)
        def wrapped(x):
            return func(x) if pred(x) else x
        return wrapped
    return wrapper


def tree_map_only(type_or_types_or_pred, /, func, tree, is_leaf=None):
    return tree_map(map_only(type_or_types_or_pred)(func), tree, is_leaf=is_leaf)


def tree_map_only_(type_or_types_or_pred, /, func, tree, is_leaf=None):
    return tree_map_(map_only(type_or_types_or_pred)(func), tree, is_leaf=is_leaf)


def tree_all(pred, tree, is_leaf=None):
    return all(map(pred, tree_iter(tree, is_leaf)))


def tree_any(pred, tree, is_leaf=None):
    return any(map(pred, tree_iter(tree, is_leaf)))


def tree_all_only(type_or_types, /, pred, tree, is_leaf=None):
    test = _type_pred(type_or_types)
    return all(pred(x) for x in tree_iter(tree, is_leaf) if test(x))


def tree_any_only(type_or_types, /, pred, tree, is_leaf=None):
    test = _type_pred(type_or_types)
    return any(pred(x) for x in tree_iter(tree, is_leaf) if test(x))


def arg_tree_leaves(*args, **kwargs):
    leaves = []
    for a in args:
        leaves.extend(tree_iter(a))
    for v in kwargs.values():
        leaves.extend(tree_iter(v))
    return leaves


# ---- key paths --------------------------------------------------------------------------------------------
def _flatten_with_keys(tree, path, out, is_leaf):
    if _is_leaf(tree, is_leaf):
        out.append((path, tree))
        return
    node = SUPPORTED_NODES[_get_node_type(tree)]
    if node.flatten_with_keys_fn is None:
        raise ValueError(f"Did not find a flatten_with_keys_fn for type: {node.type}. Please pass a "
                         "flatten_with_keys_fn argument to register_pytree_node.")
    pairs, _ = node.flatten_with_keys_fn(tree)
    for k, c in pairs:
        _flatten_with_keys(c, path + (k,), out, is_leaf)


def tree_flatten_with_path(tree, is_leaf=None):
    out = []
    _flatten_with_keys(tree, (), out, is_leaf)
    return out, tree_structure(tree, is_leaf)


def tree_leaves_with_path(tree, is_leaf=None):
    return tree_flatten_with_path(tree, is_leaf)[0]


def tree_map_with_path(func, tree, *rests, is_leaf=None):
    pairs, spec = tree_flatten_with_path(tree, is_leaf)
    flat_rests = [spec.flatten_up_to(r) for r in rests]
    return spec.unflatten([func(p, x, *xs) for (p, x), *xs in zip(pairs, *flat_rests)])


def _broadcast_to_and_flatten(tree, treespec, is_leaf=None):
    return _broadcast(tree, treespec)


def _broadcast(tree, spec):
    if spec.is_leaf() or _is_leaf(tree):
        if not _is_leaf(tree):
            return None
        return [tree] * spec.num_leaves
    node_type = _get_node_type(tree)
    if node_type is not spec.type:
        return None
    children, context = SUPPORTED_NODES[node_type].flatten_fn(tree)
    if len(children) != spec.num_children or context != spec.context:
        return None
    out = []
    for c, s in zip(children, spec.children_specs):
        r = _broadcast(c, s)
        if r is None:
            return None
        out.extend(r)
    return out


# ---- serialization -------------------------------------------------------------------------------------------
def _treespec_to_json(spec):
    if spec.is_leaf():
        return {"type": None, "context": None, "children_spec": []}
    node = SUPPORTED_SERIALIZED_TYPES.get(spec.type)
    if node is None or node.serialized_type_name == NO_SERIALIZED_TYPE_NAME_FOUND:
        raise NotImplementedError(f"Serializing {spec.type} in pytree is not registered.")
    context = node.to_dumpable_context(spec.context) if node.to_dumpable_context else spec.context
    try:
        context_json = json.dumps(context)
    except TypeError as e:
        raise TypeError("Unable to serialize context. Please make the context json dump-able, or register a custom "
                        "serializer using _register_pytree_node.") from e
    return {"type": node.serialized_type_name, "context": context_json,
            "children_spec": [_treespec_to_json(c) for c in spec.children_specs]}


def _json_to_treespec(data):
    if data["type"] is None and data["context"] is None and not data["children_spec"]:
        return _LEAF_SPEC
    if data["type"] not in SERIALIZED_TYPE_TO_PYTHON_TYPE:
        raise NotImplementedError(f"Deserializing {data['type']} in pytree is not registered.")
    typ = SERIALIZED_TYPE_TO_PYTHON_TYPE[data["type"]]
    node = SUPPORTED_SERIALIZED_TYPES[typ]
    context = json.loads(data["context"])
    if node.from_dumpable_context is not None:
        context = node.from_dumpable_context(context)
    return TreeSpec(typ, context, [_json_to_treespec(c) for c in data["children_spec"]])


def treespec_dumps(treespec, protocol=None):
    if not isinstance(treespec, TreeSpec):
        raise TypeError(f"treespec_dumps(treespec, protocol): Expected `treespec` to be instance of TreeSpec but got "
                        f"item of type {type(treespec)}.")
    if protocol is None:
        protocol = DEFAULT_TREESPEC_SERIALIZATION_PROTOCOL
    if protocol != 1:
        raise ValueError(f"Unknown protocol {protocol}. Available protocols: [1]")
    return json.dumps((protocol, _treespec_to_json(treespec)))


def treespec_loads(serialized):
    protocol, data = json.loads(serialized)
    if protocol != 1:
        raise ValueError(f"Unknown protocol {protocol}. Available protocols: [1]")
    return _json_to_treespec(data)


def treespec_pprint(treespec):
    dummy = treespec.unflatten([_Asterisk()] * treespec.num_leaves)
    return repr(dummy)


class _Asterisk(str):
    def __new__(cls):
        return super().__new__(cls, "*")

    def __repr__(self):
        return "*"


def pytree_to_str(treespec):
    return treespec_dumps(treespec)


def str_to_pytree(json_str):
    return treespec_loads(json_str)
