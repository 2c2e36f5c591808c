# Sphinx configuration for building the ipsec module's chapter on its own (`make docs`).
#
# Inside an ns-3 tree the chapter (doc/ipsec.rst) is built by ns-3's model library instead
# (doc/models/source/conf.py); this file only mirrors the settings of that build the chapter
# relies on, so that both builds read the same reStructuredText.

project = "ns-3 ipsec module"
copyright = "the ns-3 ipsec module authors"
master_doc = "ipsec"
source_suffix = ".rst"
# replace.txt is included by the chapter, not a document of its own.
exclude_patterns = ["_build", "replace.txt"]
pygments_style = "sphinx"
highlight_language = "cpp"
html_theme = "classic"
html_title = "ns-3 IPsec module"
html_short_title = "IPsec"
