"""The completion-report load test behind `manage.py loadtest_reports`: its server settings, the
fast password hasher for its synthetic users, the traffic and the exactly-once verification.
"""
