"""`from_keras(model, X, y)`: the GLM table of a Keras model whose only trainable layer is a Dense layer.

Optional dependency: pip install "symnet[keras]" (Keras 3; set KERAS_BACKEND=jax before importing keras).
"""

from __future__ import annotations

from symnet.crosscheck.table import GLMTable, glm_table
from symnet.errors import SymnetError

NOT_INVERTIBLE = {"relu", "relu6", "leaky_relu", "hard_sigmoid", "hard_silu", "gelu", "silu", "swish", "elu",
                  "selu", "tanh_shrink", "hard_tanh", "mish", "log_softmax"}


def _loss_name(model) -> str:
    loss = getattr(model, "loss", None)
    if loss is None:
        raise SymnetError("the model is not compiled: its loss decides the GLM family (compile it first)")
    if isinstance(loss, str):
        return loss
    name = getattr(loss, "name", None) or getattr(loss, "__name__", None) or type(loss).__name__
    if getattr(loss, "get_config", None) and loss.get_config().get("from_logits"):
        raise SymnetError("a loss with from_logits=True skips the activation; use the activation's own loss")
    return name


def from_keras(model, X, y, names: tuple[str, ...] | None = None, reference: int | str = 0,
               classes: tuple[str, ...] | None = None) -> GLMTable:
    """Identify the GLM of a no-hidden-layer Keras model and tabulate it on data X, y."""
    trainable = [layer for layer in model.layers if layer.trainable_weights]
    if len(trainable) != 1:
        raise SymnetError(f"the model has {len(trainable)} trainable layers "
                          f"({', '.join(layer.name for layer in trainable)}); a GLM is one Dense layer with no "
                          "hidden layer before it")
    layer = trainable[0]
    if type(layer).__name__ != "Dense":
        raise SymnetError(f"the trainable layer {layer.name!r} is a {type(layer).__name__}, not a Dense layer")
    if not layer.use_bias:
        raise SymnetError(f"the Dense layer {layer.name!r} has no bias: a GLM has an intercept")
    activation = getattr(layer.activation, "__name__", str(layer.activation))
    if activation in NOT_INVERTIBLE:
        raise SymnetError(f"the activation {activation!r} is not invertible, so it is no inverse link: "
                          "the network is not a GLM")
    kernel, bias = (w.numpy() if hasattr(w, "numpy") else w for w in (layer.kernel, layer.bias))
    import numpy as np

    return glm_table(np.asarray(kernel), np.asarray(bias), activation=activation, loss=_loss_name(model), X=X, y=y,
                     names=names, reference=reference, classes=classes)
