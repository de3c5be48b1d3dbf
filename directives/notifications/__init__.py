"""Telling people: in-app notifications (`notify`, `inbox`), the e-mail outbox (`mail`, sent by
`tasks`), the personal calendar feed (`ics`), their pages (`views`, `urls`) and the header's unread count
(`context_processors`).
"""
