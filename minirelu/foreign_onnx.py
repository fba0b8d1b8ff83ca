"""Reading an ONNX graph of dense layers into an MLP: a walk along the score path.

PyTorch (``torch.onnx.export``), Keras (``tf2onnx``) and scikit-learn (``skl2onnx``) all
write a dense network as a chain of nodes from the graph's input:

    [Cast] -> MatMul -> Add -> Relu -> ... -> MatMul -> Add -> [Sigmoid | Softmax] -> ...

or with ``Gemm`` (x B^T alpha + C beta) in place of ``MatMul`` + ``Add``. The walk starts at
the input and follows the one node that uses the current tensor (weights that the graph
transposes or casts before use, as some exporters write them, are read as constants). ``MatMul``/``Gemm`` start
a layer (their weights are constants of the graph), ``Add`` gives it its bias, an
activation closes it. Nodes that only reshape or relabel the numbers (Cast to a float type,
Reshape, Flatten, Identity, Squeeze, Unsqueeze) are passed through. A ``Sigmoid`` or
``Softmax`` that is not followed by another layer is the output activation, and the walk
stops there: whatever comes after is the exporter's post-processing (skl2onnx's
classifier adds ``Sub, Concat, ArgMax, ZipMap, ...`` to turn the probability into labels),
which minirelu's estimators do themselves. A network without an output activation ends
where the path reaches a graph output. Any other operator on the path (``Conv``,
``LeakyRelu``, ``BatchNormalization``, a scaler, ...) is refused, with its name and its
position in the graph.

The weights are copied as stored (float32 stays float32 unless ``dtype`` asks otherwise),
so the MLP computes what an ONNX runtime computes, to the runtime's rounding.

Used in lessons/09_local_linear_models.ipynb ("A network trained elsewhere").
"""
import os

import numpy as np

from .foreign import build

__all__ = ["from_onnx"]

ACTIVATIONS = {"Relu": "relu", "Tanh": "tanh", "Sigmoid": "sigmoid", "Softmax": "softmax"}
PASS_THROUGH = ("Cast", "Reshape", "Flatten", "Identity", "Squeeze", "Unsqueeze")
LAYERS = ("MatMul", "Gemm")
FLOAT_TYPES = {1: "float32", 11: "float64"}          # TensorProto.FLOAT, TensorProto.DOUBLE
READ = ("Gemm, MatMul + Add, Relu, Tanh, Sigmoid, Softmax, and the value-preserving "
        + ", ".join(PASS_THROUGH))


class _Graph:
    """The nodes of an ONNX graph, its constants, and which nodes use each tensor."""

    def __init__(self, graph, onnx):
        numpy_helper = onnx.numpy_helper
        self.nodes = list(graph.node)
        self.attrs = [{a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
                      for node in self.nodes]
        self.consts = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
        for node, attrs in zip(self.nodes, self.attrs):
            if node.op_type == "Constant" and len(attrs) == 1:
                value = next(iter(attrs.values()))
                self.consts[node.output[0]] = (numpy_helper.to_array(value)
                                               if isinstance(value, onnx.TensorProto)
                                               else np.asarray(value))
        for node, attrs in zip(self.nodes, self.attrs):      # weights transposed or cast in the graph
            if node.op_type in ("Transpose", "Identity", "Cast") and node.input and \
                    node.input[0] in self.consts and attrs.get("to", 1) in FLOAT_TYPES:
                value = self.consts[node.input[0]]
                if node.op_type == "Transpose":
                    value = np.transpose(value, attrs.get("perm"))
                elif node.op_type == "Cast":
                    value = value.astype(FLOAT_TYPES[attrs["to"]])
                self.consts[node.output[0]] = value
        self.users = {}
        for pos, node in enumerate(self.nodes):
            for name in dict.fromkeys(node.input):
                self.users.setdefault(name, []).append(pos)
        self.inputs = [v.name for v in graph.input if v.name not in self.consts]
        self.outputs = {v.name for v in graph.output}

    def where(self, pos):
        node = self.nodes[pos]
        return f"node {pos + 1} of {len(self.nodes)} ({node.op_type} {node.name!r})"

    def const(self, pos, name):
        if name not in self.consts:
            raise ValueError(f"{self.where(pos)}: its input {name!r} is not a constant of the "
                             f"graph; minirelu reads weights stored as initializers or Constant "
                             f"nodes")
        return self.consts[name]

    def next_node(self, tensor):
        """The position of the one node that uses ``tensor`` (None at a graph output)."""
        positions = self.users.get(tensor, [])
        if not positions and tensor in self.outputs:
            return None
        if not positions:
            raise ValueError(f"tensor {tensor!r} on the score path is used by no node and is not "
                             f"an output of the graph")
        if len(positions) > 1:
            raise ValueError(f"tensor {tensor!r} on the score path feeds "
                             f"{len(positions)} nodes ({', '.join(map(self.where, positions))}); "
                             f"minirelu reads a single chain of layers")
        return positions[0]

    def leads_to_layer(self, tensor):
        """Whether ``tensor`` flows (through pass-through nodes only) into a MatMul or Gemm."""
        while len(self.users.get(tensor, [])) == 1:
            node = self.nodes[self.users[tensor][0]]
            if node.op_type in LAYERS:
                return True
            if node.op_type not in PASS_THROUGH:
                return False
            tensor = node.output[0]
        return False


def _bias(value, n_out, where):
    """A bias as a vector: (1, n) and (n,) alike, a scalar broadcast (sizes are checked later)."""
    value = np.asarray(value)
    if value.size == 1:
        return np.full(n_out, value.reshape(()), value.dtype)
    if sum(s > 1 for s in value.shape) > 1:
        raise ValueError(f"{where}: a bias of shape {value.shape} adds different values to "
                         f"different rows; a layer's bias is one vector")
    return value.reshape(-1)


def from_onnx(cls, model, *, dtype=None):
    """The network stored in an ONNX model (a file path, its bytes, or an ``onnx.ModelProto``).

    Parameters
    ----------
    model : str or os.PathLike (an .onnx file), bytes, or onnx.ModelProto. The graph has one
        input, rows (n, d), and a chain of dense layers as described in the module docstring.
    dtype : None (keep the stored weights' type: float32 stays float32), 'float32' or 'float64'.

    Returns
    -------
    MLP whose ``forward(X)`` is the score the graph computes: the regression output, or the
    output of the final Sigmoid/Softmax (for skl2onnx's binary classifier, column 1 of its
    'probabilities').

    Raises
    ------
    ImportError when the optional package ``onnx`` is not installed.
    ValueError naming the node and its position for any operator on the path minirelu does
    not read, and naming the layer for weights whose shapes do not fit.
    """
    try:
        import onnx
    except ImportError:
        raise ImportError("MLP.from_onnx needs the optional package 'onnx' (pip install onnx); "
                          "the rest of minirelu works without it") from None
    if isinstance(model, (str, os.PathLike)):
        model = onnx.load(os.fspath(model))
    elif isinstance(model, (bytes, bytearray)):
        model = onnx.load_model_from_string(bytes(model))
    elif not isinstance(model, onnx.ModelProto):
        raise TypeError(f"model must be a path to an .onnx file, its bytes or an onnx.ModelProto, "
                        f"got {type(model).__name__}")
    g = _Graph(model.graph, onnx)
    if len(g.inputs) != 1:
        raise ValueError(f"the graph has {len(g.inputs)} inputs ({', '.join(g.inputs)}); "
                         f"minirelu reads a network of one input")
    layers, acts = [], []           # acts[l]: (minirelu activation or None, position of its node)
    W = b = w_name = B = None

    def close(act, pos):
        n_out = W.shape[0]
        layers.append((W, b if b is not None else np.zeros(n_out, W.dtype), w_name,
                       f"the bias of {w_name}" if b is not None else "no bias", B.shape))
        acts.append((act, pos))

    tensor = g.inputs[0]
    while (pos := g.next_node(tensor)) is not None:
        node, attrs, where = g.nodes[pos], g.attrs[pos], g.where(pos)
        op = node.op_type
        if op in PASS_THROUGH + LAYERS and node.input[0] != tensor:
            raise ValueError(f"{where} takes the score path as input {list(node.input).index(tensor)}"
                             f"; minirelu reads rows x, through x @ B (the path as first input)")
        if op in PASS_THROUGH:
            if op == "Cast" and attrs.get("to") not in FLOAT_TYPES:
                raise ValueError(f"{where} casts the score path to "
                                 f"{onnx.TensorProto.DataType.Name(attrs.get('to', 0))}, which "
                                 f"changes its values; only casts to FLOAT or DOUBLE are read")
        elif op in LAYERS:
            if W is not None:
                close(None, None)
            B = g.const(pos, node.input[1])
            if B.ndim != 2:
                raise ValueError(f"{where}: its weight {node.input[1]!r} has shape {B.shape}; a "
                                 f"dense layer's weight is 2-D")
            w_name, b = f"{node.input[1]!r} of {where}", None
            if op == "MatMul":
                W = B.T
            else:
                if attrs.get("transA", 0):
                    raise ValueError(f"{where} has transA=1; minirelu reads rows (transA=0)")
                W = B if attrs.get("transB", 0) else B.T
                alpha, beta = attrs.get("alpha", 1.0), attrs.get("beta", 1.0)
                if alpha != 1.0:
                    W = W * W.dtype.type(alpha)
                if len(node.input) > 2 and node.input[2]:
                    C = g.const(pos, node.input[2])
                    b = _bias(C if beta == 1.0 else C * C.dtype.type(beta), W.shape[0], where)
        elif op == "Add":
            if W is None or b is not None:
                raise ValueError(f"{where} adds to the score path where no layer is waiting for "
                                 f"its bias (it follows {'no MatMul' if W is None else 'a bias'})")
            other = [name for name in node.input if name != tensor]
            if len(other) != 1:
                raise ValueError(f"{where} adds the score path to itself")
            b = _bias(g.const(pos, other[0]), W.shape[0], where)
        elif op in ACTIVATIONS:
            if W is None:
                raise ValueError(f"{where} comes before any MatMul or Gemm layer")
            if op == "Softmax" and attrs.get("axis", -1) not in (-1, 1):
                raise ValueError(f"{where} normalizes over axis {attrs['axis']}; minirelu's softmax "
                                 f"runs over the outputs of each row (axis -1)")
            close(ACTIVATIONS[op], pos)
            W = b = None
            tensor = node.output[0]
            if op in ("Sigmoid", "Softmax") and not g.leads_to_layer(tensor):
                break       # the output activation; what follows turns scores into labels
            continue
        else:
            raise ValueError(f"{where} is on the score path, and {op} is not an operator minirelu "
                             f"reads (it reads {READ})")
        tensor = node.output[0]
    if W is not None:
        close(None, None)
    if not layers:
        raise ValueError("the graph holds no MatMul or Gemm layer on the path from its input")
    hidden_acts = acts[:-1]
    for l, (act, at) in enumerate(hidden_acts):
        if act == "softmax" or act != hidden_acts[0][0]:
            raise ValueError(f"layer {l} ({layers[l][2]}) is followed by "
                             f"{g.where(at) if at is not None else 'no activation'}, but layer 0 "
                             f"by {hidden_acts[0][0] or 'none'}; an MLP's hidden layers share one "
                             f"activation (relu, tanh or sigmoid)")
    output, at = acts[-1]
    if output in ("relu", "tanh"):
        raise ValueError(f"{g.where(at)} ends the network; {output} is not an output activation "
                         f"minirelu has (identity, sigmoid, softmax)")
    hidden = (hidden_acts[0][0] or "identity") if hidden_acts else "relu"
    return build(cls, layers, hidden, output or "identity", dtype,
                 "MatMul's second input is (n_in, n_out), Gemm's B (n_out, n_in) with transB=1")
