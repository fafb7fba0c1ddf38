"""workbook_tool: the Preventiescanner Dakloosheid as Excel workbooks, from layout to regional report."""

from .errors import LayoutInvalid, LayoutProblem, WorkbookToolError
from .layout import Layout, load_layout

__version__ = "0.1.0"

__all__ = ["Layout", "LayoutInvalid", "LayoutProblem", "WorkbookToolError", "__version__", "load_layout"]
