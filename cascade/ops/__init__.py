"""Operations: backups of the database and the uploaded files, and their verified restore (`backup`).

The `backup` and `restore` management commands (cascade/management/commands/) are thin wrappers.
"""
