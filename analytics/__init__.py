"""Read side: queries, statistics, figures and the Excel export; no Streamlit imports."""
