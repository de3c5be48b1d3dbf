"""The demo: a small province with its cascade, users of every role, and the seed documents
(`seeds/`) logged through the real parser and services. `manage.py load_demo` calls `loader`.
"""
