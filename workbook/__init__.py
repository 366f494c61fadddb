"""The workbook's UI layer: what the Streamlit pages share, one module per concern.

Layers, top to bottom (an import only ever points down):

- ``app.py`` and ``pages/`` — the router and the nine steps; they import from ``workbook``;
- ``workbook`` — this package: it imports ``streamlit`` and ``planner``, never ``pages``;
- ``planner`` — the pure core: it imports neither ``streamlit`` nor ``workbook``.

Inside the package, from the bottom: ``steps`` (the page list), ``text`` (language and
formatting), ``session`` (session keys), ``persistence`` (the plan in hand and the store),
``results`` (cached planner results and figures), ``guidance``, ``workshop``, ``problems``,
``parts`` (partial reruns), ``grids``, ``imports``, ``conflicts``, ``frame``, ``sidebar`` and
``warmup``. ``docs/architecture.md`` draws the picture.
"""
