"""Small pieces every screen of the desk shares, one module per kind of piece.

widgets (form parts: error lines, banners, headings), dates (QDate <-> date), files (file dialogs
and what to say when a file cannot be written), labels (display names of the fixed vocabularies)
and tables (a read-only table of records). Nothing here imports a screen, so every screen can
import from here.
"""
