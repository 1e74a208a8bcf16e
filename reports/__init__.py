"""The report an office publishes on a satisfaction study (a campaign or any period): its content
built from the dashboard's own figures (reports/content.py), as a document model
(reports/model.py) that reports/pdf.py typesets for publication and reports/docx.py writes for
the office to edit."""
