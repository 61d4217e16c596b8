"""The picture of the network: TikZ for LaTeX documents, Mermaid for the Markdown twins.

The classic drawing: input nodes, one colour per weight (blue, red, purple, dark grey), the bias as a
separate black line, and a pink output neuron labelled with its activation.  Softmax acts on all K
linear predictors at once, so it is drawn as one box over the K summation nodes, not as K neurons.
Weight labels sit near the input each line leaves, where no other line runs.
"""

from __future__ import annotations

from symnet.catalog.links import Link, VectorLink

WEIGHT_COLOURS = ("blue", "red", "purple", "gray!60!black")
MERMAID_COLOURS = ("blue", "red", "purple", "#555555")
_INPUTS = (r"x_1", r"x_2", r"x_3", r"x_n")
_SUBSCRIPTS = ("1", "2", "3", "n")
_HEIGHTS = (1.5, 0.5, -0.5, -2.0)


def _inputs() -> list[str]:
    rows = [rf"\node[input] (x{index}) at (0, {height}) {{${name}$}};"
            for index, (name, height) in enumerate(zip(_INPUTS, _HEIGHTS), start=1)]
    return rows + [r"\node at (0, -1.2) {$\vdots$};"]


def _weights(node: str, class_index: str, labelled: bool, position: float = 0.3,
             side: str = "above") -> list[str]:
    rows = []
    for index, (colour, subscript) in enumerate(zip(WEIGHT_COLOURS, _SUBSCRIPTS), start=1):
        weight = f"w_{{{class_index},{subscript}}}" if class_index else f"w_{subscript}"
        label = (rf" node[pos={position}, {side}, sloped, inner sep=1pt, fill=white, font=\footnotesize] {{${weight}$}}"
                 if labelled else "")
        rows.append(rf"\draw[weight, draw={colour}, text={colour}] (x{index}) --{label} ({node});")
    return rows


def tikz(link: Link | VectorLink) -> str:
    """A tikzpicture (needs only the tikz package) of inputs -> dense layer -> activation."""
    rows = [
        r"\begin{tikzpicture}[x=1.7cm, y=1.05cm, >=stealth,",
        r"  input/.style={circle, draw, thick, minimum size=9mm, inner sep=0pt},",
        r"  neuron/.style={circle, draw, thick, fill=pink!70, minimum size=13mm, inner sep=1pt, font=\small},",
        r"  sum/.style={circle, draw, thick, fill=white, minimum size=9mm, inner sep=0pt},",
        r"  weight/.style={->, very thick}]",
    ]
    rows += _inputs()
    if link.vector:
        # K summation nodes eta_k = b_k + sum_i w_{k,i} x_i, then one softmax box over all of them.
        for node, height, k, above in (("etaK", -1.75, "K", False), ("eta1", 1.25, "1", True)):
            rows.append(rf"\node[sum] ({node}) at (3, {height}) {{$\Sigma$}};")
            rows.append(rf"\node (bias{node}) at (3, {height + (1.1 if above else -1.1)}) {{$+b_{k}$}};")
            rows.append(rf"\draw[->, thick, black] (bias{node}) -- ({node});")
            rows += _weights(node, k, labelled=above, position=0.17, side="below")
        rows.append(r"\node at (3, -0.25) {$\vdots$};")
        rows.append(r"\node[draw, thick, fill=pink!70, rounded corners, minimum width=1.7cm, minimum height=3.7cm] "
                    r"(softmax) at (4.3, -0.25) {$\operatorname{softmax}$};")
        for node, k in (("eta1", "1"), ("etaK", "K")):
            rows.append(rf"\draw[->, thick] ({node}) -- node[above, font=\footnotesize] {{$\eta_{k}$}} "
                        rf"(softmax.west |- {node});")
            rows.append(rf"\draw[->, thick] (softmax.east |- {node}) -- ++(0.7, 0) node[right] {{$\hat{{y}}_{k}$}};")
    else:
        activation = link.activation_tex
        font = r"\scriptsize" if len(activation) > 12 else r"\small"
        rows.append(rf"\node[neuron, font={font}] (out1) at (3, -0.25) {{${activation}$}};")
        rows.append(r"\draw[->, thick] (out1) -- (4.3, -0.25) node[right] {$\hat{y}$};")
        rows.append(r"\node (biasout1) at (3, 0.85) {$+b$};")
        rows.append(r"\draw[->, thick, black] (biasout1) -- (out1);")
        rows += _weights("out1", "", labelled=True)
    rows.append(r"\end{tikzpicture}")
    return "\n".join(row for row in rows if row)


def mermaid(link: Link | VectorLink) -> str:
    """The same picture as a Mermaid flowchart (GitHub renders it in Markdown), edges labelled."""
    lines = ["```mermaid", "flowchart LR"]
    inputs = ("x1", "x2", "x3", "xn")
    for name in inputs:
        lines.append(f"  {name}(({name}))")
    styles: list[str] = []
    edge = 0
    if link.vector:
        for k in ("1", "K"):
            node = f"eta{k}"
            lines.append(f'  {node}(("Σ: η{k}"))')
            for name, subscript, colour in zip(inputs, _SUBSCRIPTS, MERMAID_COLOURS):
                lines.append(f'  {name} -- "w{k},{subscript}" --> {node}')
                styles.append(f"  linkStyle {edge} stroke:{colour},stroke-width:2px")
                edge += 1
            lines.append(f'  b{k}["+1"] -- "b{k}" --> {node}')
            styles.append(f"  linkStyle {edge} stroke:black,stroke-width:2px")
            edge += 1
        lines.append('  softmax["softmax over all K classes"]:::neuron')
        for k in ("1", "K"):
            lines.append(f"  eta{k} --> softmax")
            edge += 1
        for k in ("1", "K"):
            lines.append(f'  softmax --> y{k}["ŷ{k}"]')
            edge += 1
    else:
        lines.append(f'  out(("{link.activation}")):::neuron')
        for name, subscript, colour in zip(inputs, _SUBSCRIPTS, MERMAID_COLOURS):
            lines.append(f'  {name} -- "w{subscript}" --> out')
            styles.append(f"  linkStyle {edge} stroke:{colour},stroke-width:2px")
            edge += 1
        lines.append('  bias["+1"] -- "b" --> out')
        styles.append(f"  linkStyle {edge} stroke:black,stroke-width:2px")
        lines.append('  out --> y["ŷ"]')
    lines += styles + ["  classDef neuron fill:#ffc0cb,stroke:#333", "```"]
    return "\n".join(lines)
