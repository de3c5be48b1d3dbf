"""The deadline watcher: `sweep.deadlines_sweep` (reminders, overdue, escalations, recurring periods,
the outbox) and `tasks.sweep_deadlines`, beat's entry point, which enqueues the e-mails the sweep returns.
"""
