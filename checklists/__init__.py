"""The handbook as data: one YAML file per standard, its schema, loading and scoring."""
