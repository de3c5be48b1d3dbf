"""One module per dashboard view: `picker`, `cascade`, `overdue`, `heatmap`, `charts`, `latency`,
`backlog`, `unit`. Each takes the viewer's scope, the directive, the node and `today`, and returns plain
dataclasses (the PDF print renders from the same values).
"""
