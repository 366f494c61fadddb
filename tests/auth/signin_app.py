"""A tiny app for the sign-in spike: who is signed in, and buttons to sign in and out.

The tests copy it into a temporary folder next to a ``.streamlit/secrets.toml`` with ``[auth]``.
"""

import time

import streamlit as st

st.title("Sign-in spike")

if not st.user.is_logged_in:
    st.text("signed out")
    st.button("Sign in", on_click=st.login)
elif float(st.user.get("exp", 0)) < time.time():
    # Streamlit keeps its identity cookie for 30 days whatever the ID token's lifetime, so an
    # app that wants sessions to end with the token compares the token's exp claim itself.
    st.text("session expired")
    st.button("Sign in again", on_click=st.login)
else:
    st.text(f"signed in as {st.user.email}")
    st.text(f"name: {st.user.name}")
    st.button("Sign out", on_click=st.logout)
