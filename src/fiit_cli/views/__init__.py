"""Views: one function per view, records in, a :class:`fiit_cli.doc.Document` out.

Views never print and never import a writer; writers never import a view.
"""
