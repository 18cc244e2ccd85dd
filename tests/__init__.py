"""fiit's tests. Shared helpers live in :mod:`tests.helpers`; fixtures in ``conftest.py``."""
