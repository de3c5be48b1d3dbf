"""The leaders' dashboard: one selector module per view (`selectors/`), shared values and scope
(`values`), where counts come from (`counts`: the roll-up tables kept by triggers, `rollup`), the
four-way status in SQL (`timeliness_sql`), filters, exports, views and the roll-ups' visibility
(`access`).
"""
