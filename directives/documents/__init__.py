"""Logging documents: paste or upload (`imports`, `tasks`), parse and review (`intake`, `forms`,
`matching`, `highlight`), log into the issuance tree (`services`), and the document pages (`selectors`,
`filters`, `views`, `urls`, `conflicts`, `search`).
"""
