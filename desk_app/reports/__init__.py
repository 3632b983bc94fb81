"""Documents the desk prints and exports: PDF (reportlab) and Excel (openpyxl). No Qt."""
