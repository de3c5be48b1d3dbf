"""Accounts: sign-in, invitations, memberships management, the home page and the audit trail.

Uses only public names of `directives.access` for permissions.
"""
