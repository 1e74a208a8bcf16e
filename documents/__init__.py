"""Printable and published documents: every PDF the app makes (posters, forms, the paper
questionnaire, the report) is typeset by Typst from a template in documents/templates, with
the fonts in documents/fonts."""
