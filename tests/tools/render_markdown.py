#!/usr/bin/env python3
"""Renders a Markdown file to HTML as GitHub-flavoured readers do for its tables (python3-markdown,
Debian, with the tables extension) and prints the HTML; exits 77 without python3-markdown.

    render_markdown.py FILE.md"""
import sys

try:
    import markdown
except ImportError:
    print("render_markdown: python3-markdown is not installed (tools/setup.sh --test)")
    sys.exit(77)

with open(sys.argv[1], encoding="utf-8") as source:
    print(markdown.markdown(source.read(), extensions=["tables"]))
