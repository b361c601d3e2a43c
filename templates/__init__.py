"""The built-in clause libraries (one folder per document kind and language) and reference.docx.

This folder sits at the top of the repository so that a lawyer finds it without knowing Python;
`pyproject.toml` maps it into the installed package as ``kooperation.templates``.
"""
