"""mkdocs hooks (``hooks:`` in mkdocs.yml): the catalog's pages are generated from its records.

The work is done by ``catalog.site.mkdocs_hooks`` (installed with the package), so that
``mkdocs build`` here and ``catalog site build`` anywhere run the same code.
"""

from catalog.site.mkdocs_hooks import (  # noqa: F401
    on_files, on_page_content, on_page_context, on_page_markdown, on_post_build, on_serve)
