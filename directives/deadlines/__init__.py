"""Deadline arithmetic and upkeep: `rules` (pure: what to fire when, due-soon, conflicts), `workcal`
(pure: Vietnamese working days and holidays) and `scheduling` (recomputes `Assignment.next_check_on`
whenever a due date or status changes).

Import rule: `rules` and `workcal` import nothing from Django (tests/test_architecture.py).
"""
