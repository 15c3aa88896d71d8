# The member page, body metrics and history.
