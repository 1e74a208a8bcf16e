"""Streamlit glue shared by the pages: the signed-in user, the login cookie, guards, styles.

The only package besides pages/ that imports Streamlit.
"""
