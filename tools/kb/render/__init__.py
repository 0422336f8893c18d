"""Rendering helpers: everything that turns content values into Markdown or HTML escapes them."""
