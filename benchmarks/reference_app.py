"""The floor under the workbook's figures: plain Streamlit showing the same kinds of content.

Three pages reached from the sidebar, as in the workbook: an editable data grid, a Plotly chart
and a page of text. ``benchmarks.latency`` measures page switches and a grid edit here, in the
same run as the workbook, to show what Streamlit itself costs for a grid or a chart, before any
Totem code runs.
"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st


def grid() -> None:
    """One editable grid of ten rows."""
    st.title("Grid")
    rows = pd.DataFrame({"name": [f"Row {i}" for i in range(10)], "value": list(range(10))})
    st.data_editor(rows, key="grid", num_rows="dynamic", hide_index=True)


def chart() -> None:
    """One small Plotly bar chart."""
    st.title("Chart")
    st.plotly_chart(go.Figure(go.Bar(x=list("abcdefgh"), y=list(range(8)))), key="chart")


def text() -> None:
    """A title and a paragraph."""
    st.title("Text")
    st.markdown("A page with nothing but text.")


st.navigation(
    [
        st.Page(grid, title="Grid", default=True),
        st.Page(chart, title="Chart"),
        st.Page(text, title="Text"),
    ]
).run()
