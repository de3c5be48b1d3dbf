"""PDF compliance reports (issue 7): layout profiles, numbering, snapshots, rendering.

Flow: a builder (`unit_report`, `aggregate`, `dashboard_data`) turns the database into a plain
snapshot dict → `services.render_request` hashes it and claims a RenderedReport (taking the next
number from the unit's register) → `services.render_run` renders it with WeasyPrint
(`render.render_pdf`), in the request when small, on Celery (`tasks`) when large.
"""
