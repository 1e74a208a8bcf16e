"""AppTest: the Streamlit app run in-process, without a browser."""
