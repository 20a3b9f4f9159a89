"""Entry point for ``evaluate.load("benchmark/evaluate_module")``.

``evaluate`` loads ``<folder>/<folder name>.py`` from a local folder, so this file only
re-exports the metric defined in ``attribench.py`` (which can also be loaded directly).
No comment may follow the import below: ``evaluate`` would read it as a download URL.
"""

from .attribench import Attribench

__all__ = ["Attribench"]
