"""Completion reports: drafts, submission, review (`services`), the unit's inbox and report pages
(`selectors`, `filters`, `forms`, `views`, `urls`), who may prepare or review (`permissions`), who sees
reports and attachments (`access`), evidence files (`evidence`), version diffs (`changes`) and a task's
place in its document (`textcontext`).
"""
