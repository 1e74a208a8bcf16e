"""One module per screen. Each defines render() for app.py and makes no Streamlit call at
import time, so running a file of this folder directly shows nothing."""
