"""The citizen's pages of the public channel (issue 12), server-rendered, working without
JavaScript: routes.py; the Jinja2 templates in templates/ (autoescape on)."""
