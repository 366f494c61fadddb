"""A bare one-widget Streamlit app: the baseline for browser harness tests and latency figures."""

import streamlit as st

st.number_input("Number", value=0, key="number")
