"""The picture of the network: TikZ for LaTeX documents, Mermaid for the Markdown twins.

The classic drawing: input nodes, one colour per weight (blue, red, purple, grey), the bias as a
separate black line, and a pink output neuron labelled with its activation.
"""

from __future__ import annotations

from symnet.catalog.links import Link, VectorLink

WEIGHT_COLOURS = ("blue", "red", "purple", "gray")
_INPUTS = (r"x_1", r"x_2", r"x_3", r"x_n")


def tikz(link: Link | VectorLink) -> str:
    """A tikzpicture (needs only the tikz package) of inputs -> dense layer -> activation."""
    outputs = (r"\hat{y}_1", r"\hat{y}_K") if link.vector else (r"\hat{y}",)
    rows = [
        r"\begin{tikzpicture}[x=1.7cm, y=1.05cm, >=stealth,",
        r"  input/.style={circle, draw, thick, minimum size=9mm, inner sep=0pt},",
        r"  neuron/.style={circle, draw, thick, fill=pink!70, minimum size=13mm, inner sep=1pt, font=\small},",
        r"  weight/.style={->, very thick}]",
    ]
    heights = (1.5, 0.5, -0.5, -2.0)
    for index, (name, height) in enumerate(zip(_INPUTS, heights), start=1):
        rows.append(rf"\node[input] (x{index}) at (0, {height}) {{${name}$}};")
    rows.append(r"\node at (0, -1.2) {$\vdots$};")
    if link.vector:
        targets = [("out1", 1.0, outputs[0], "1"), ("outK", -1.5, outputs[1], "K")]
        rows.append(r"\node at (3, -0.25) {$\vdots$};")
    else:
        targets = [("out1", -0.25, outputs[0], "")]
    activation = link.activation_tex
    font = r"\scriptsize" if len(activation) > 12 else r"\small"
    for position, (node, height, label, class_index) in enumerate(targets):
        rows.append(rf"\node[neuron, font={font}] ({node}) at (3, {height}) {{${activation}$}};")
        rows.append(rf"\draw[->, thick] ({node}) -- (4.3, {height}) node[right] {{${label}$}};")
        bias = f"b_{class_index}" if class_index else "b"
        above = position == 0
        rows.append(rf"\node (bias{node}) at (3.75, {height + (1.1 if above else -1.1)}) {{$+{bias}$}};")
        rows.append(rf"\draw[->, thick, black] (bias{node}) -- ({node});")
        for index, colour in enumerate(WEIGHT_COLOURS, start=1):
            subscript = "n" if index == 4 else str(index)
            weight = f"w_{{{class_index},{subscript}}}" if class_index else f"w_{subscript}"
            label_node = (rf" node[pos=0.62, above, sloped, font=\footnotesize] {{${weight}$}}"
                          if position == 0 else "")  # the second class: same colours, no labels
            rows.append(rf"\draw[weight, {colour}] (x{index}) --{label_node} ({node});")
    rows.append(r"\end{tikzpicture}")
    return "\n".join(rows)


def mermaid(link: Link | VectorLink) -> str:
    """The same picture as a Mermaid flowchart (GitHub renders it in Markdown)."""
    lines = ["```mermaid", "flowchart LR"]
    for index, name in enumerate(("x1", "x2", "x3", "xn"), start=1):
        lines.append(f"  {name}(({name}))")
    outputs = ["y1", "yK"] if link.vector else ["y"]
    for output in outputs:
        lines.append(f'  {output}_n(("{link.activation}")):::neuron')
        for index, name in enumerate(("x1", "x2", "x3", "xn"), start=1):
            lines.append(f"  {name} -- w --> {output}_n")
        lines.append(f"  b_{output}[bias b] --> {output}_n")
        lines.append(f"  {output}_n --> {output}[{'y-hat' + output[1:] if link.vector else 'y-hat'}]")
    edges_per_output = 6
    for position in range(len(outputs)):
        base = position * edges_per_output
        for index, colour in enumerate(WEIGHT_COLOURS):
            lines.append(f"  linkStyle {base + index} stroke:{colour},stroke-width:2px")
        lines.append(f"  linkStyle {base + 4} stroke:black,stroke-width:2px")
    lines += ["  classDef neuron fill:#ffc0cb,stroke:#333", "```"]
    return "\n".join(lines)
