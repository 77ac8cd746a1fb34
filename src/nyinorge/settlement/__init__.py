"""Settlement (IMDinett bosetting): the yearly request, municipal decisions, cases and allocation."""
