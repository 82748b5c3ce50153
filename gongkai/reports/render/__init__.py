"""Outputs of an annual report (政府信息公开工作年度报告), one module per format, all drawn from one
table layout:

- ``layout``: the three tables (表二–表四) as rows of cells in the official merged-cell structure;
- ``html``: the portal page and the printable page (``document_context``, ``html_string``);
- ``pdf``: A4 PDF printed from the printable page (``pdf_bytes``);
- ``docx``: Word in government-document layout (``docx_bytes``; its fonts and table writer are shared
  with the website report);
- ``xlsx``: the three tables, one sheet each (``xlsx_bytes``).

Import the format's module (``from gongkai.reports.render.docx import docx_bytes``); this package
re-exports nothing.
"""
