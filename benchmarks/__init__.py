"""Browser measurements of the Totem workbook: a Streamlit server, real Chromium, idle detection.

``benchmarks.server`` starts ``streamlit run`` on a free port, ``benchmarks.browser`` launches
Debian's Chromium with the flags this network needs, ``benchmarks.idle`` knows when a rerun is
over and ``benchmarks.latency`` turns that into first-render and interaction figures. The
end-to-end tests (``tests/e2e``) use the same pieces.
"""
